using Cilium.Flow;

namespace NetObs.Hubble.Tests.Evaluation;

/// <summary>
/// Hand-worked vectors for every FlowFilter field of hubble-api.md §3: each row says which sample
/// flow a one-field filter should or should not select, worked out from the server's rules.
/// </summary>
public sealed class FlowFilterFieldTests
{
    public static TheoryData<string, string, bool> Vectors => new()
    {
        // uuid: exact
        { """{"uuid":["7b1c4e0e-1111-4a4a-9c9c-000000000001"]}""", "http", true },
        { """{"uuid":["7b1c4e0e"]}""", "http", false },

        // IPs: exact text or CIDR
        { """{"source_ip":["10.0.1.13"]}""", "http", true },
        { """{"source_ip":["10.0.1.0/24"]}""", "drop", true },
        { """{"source_ip":["10.0.2.0/24"]}""", "drop", false },
        { """{"destination_ip":["fd00::/64"]}""", "dns", true },
        { """{"destination_ip":["fd01::/64"]}""", "dns", false },
        { """{"destination_ip":["10.0.0.0/8"]}""", "dns", false },
        { """{"source_ip_xlated":["20.1.2.0/24"]}""", "world", true },
        { """{"source_ip_xlated":["20.1.2.3"]}""", "http", false },

        // pods: [ns/]prefix, no namespace means default, "/" any namespace
        { """{"source_pod":["pets/frontend"]}""", "http", true },
        { """{"source_pod":["pets/"]}""", "http", true },
        { """{"source_pod":["frontend"]}""", "http", false },
        { """{"source_pod":["/frontend"]}""", "http", true },
        { """{"destination_pod":["/"]}""", "world", false },
        { """{"destination_pod":["/"]}""", "drop", true },
        { """{"destination_pod":["pets/mongodb-1"]}""", "drop", false },
        { """{"destination_pod":["kube-system/coredns-"]}""", "dns", true },

        // services: same syntax
        { """{"destination_service":["pets/cat"]}""", "http", true },
        { """{"destination_service":["shop/cat"]}""", "http", false },
        { """{"source_service":["pets/"]}""", "http", false },

        // FQDNs: case-insensitive, trailing dot ignored, * over [-.0-9a-z_], whole string
        { """{"destination_fqdn":["api.github.com"]}""", "world", true },
        { """{"destination_fqdn":["*.github.com"]}""", "world", true },
        { """{"destination_fqdn":["github.com"]}""", "world", false },
        { """{"destination_fqdn":["kube-dns.kube-system.svc.cluster.local"]}""", "dns", true },
        { """{"destination_fqdn":["*.cluster.local."]}""", "dns", true },
        { """{"source_fqdn":["*"]}""", "world", false },
        { """{"destination_fqdn":["api.*.com"]}""", "world", true },
        { """{"destination_fqdn":["*git*"]}""", "world", true },
        { """{"destination_fqdn":["a*i.g*b.c*m"]}""", "world", true },
        { """{"destination_fqdn":["api*hub*.org"]}""", "world", false },
        { """{"destination_fqdn":["*.*.*.*.*.*.*"]}""", "dns", false },

        // labels: selectors with Cilium source prefixes
        { """{"source_label":["k8s:app=frontend"]}""", "http", true },
        { """{"source_label":["app=frontend"]}""", "http", true },
        { """{"source_label":["any:app=frontend"]}""", "http", true },
        { """{"source_label":["reserved:app=frontend"]}""", "http", false },
        { """{"source_label":["app=frontend,tier=web"]}""", "http", true },
        { """{"source_label":["app=frontend,tier=db"]}""", "http", false },
        { """{"source_label":["app in (web, frontend)"]}""", "http", true },
        { """{"source_label":["app notin (frontend)"]}""", "http", false },
        { """{"source_label":["app!=catalog"]}""", "http", true },
        { """{"source_label":["!tier"]}""", "http", false },
        { """{"destination_label":["k8s:version>1"]}""", "http", true },
        { """{"destination_label":["k8s:version<2"]}""", "http", false },
        { """{"destination_label":["reserved:world"]}""", "world", true },
        { """{"destination_label":["reserved:world"]}""", "http", false },
        { """{"source_label":["io.kubernetes.pod.namespace=pets"]}""", "http", true },

        // workloads: name and kind if set
        { """{"source_workload":[{"name":"frontend"}]}""", "http", true },
        { """{"source_workload":[{"kind":"Deployment"}]}""", "http", true },
        { """{"destination_workload":[{"name":"mongodb","kind":"Deployment"}]}""", "drop", false },
        { """{"destination_workload":[{"name":"mongodb","kind":"StatefulSet"}]}""", "drop", true },

        // cluster names: exact
        { """{"source_cluster_name":["c1"]}""", "http", true },
        { """{"destination_cluster_name":["c2"]}""", "http", false },

        // identities
        { """{"destination_identity":[2]}""", "world", true },
        { """{"source_identity":[1,2]}""", "world", false },

        // traffic direction, verdict, drop reason
        { """{"traffic_direction":["EGRESS"]}""", "dns", true },
        { """{"traffic_direction":["EGRESS"]}""", "drop", false },
        { """{"verdict":["DROPPED","ERROR"]}""", "drop", true },
        { """{"verdict":["DROPPED"]}""", "http", false },
        { """{"drop_reason_desc":["POLICY_DENIED"]}""", "drop", true },
        { """{"drop_reason_desc":["STALE_OR_UNROUTABLE_IP"]}""", "drop", false },

        // interface: index if > 0, name if set
        { """{"interface":[{"name":"lxc12ab"}]}""", "drop", true },
        { """{"interface":[{"index":98}]}""", "drop", true },
        { """{"interface":[{"index":97,"name":"lxc12ab"}]}""", "drop", false },
        { """{"interface":[{"name":"lxc12ab"}]}""", "http", false },

        // event types: type 0 is any, sub-type only when match_sub_type
        { """{"event_type":[{"type":129}]}""", "http", true },
        { """{"event_type":[{"type":4}]}""", "dns", true },
        { """{"event_type":[{"type":4,"match_sub_type":true,"sub_type":3}]}""", "dns", true },
        { """{"event_type":[{"type":4,"match_sub_type":true,"sub_type":0}]}""", "dns", false },
        { """{"event_type":[{"type":0,"match_sub_type":true,"sub_type":133}]}""", "drop", true },
        { """{"event_type":[{"type":1}]}""", "http", false },

        // HTTP
        { """{"http_status_code":["503"]}""", "http", true },
        { """{"http_status_code":["5+"]}""", "http", true },
        { """{"http_status_code":["50+"]}""", "http", true },
        { """{"http_status_code":["4+","200"]}""", "http", false },
        { """{"http_method":["get"]}""", "http", true },
        { """{"http_method":["POST"]}""", "http", false },
        { """{"http_path":["^/api/v1/items$"]}""", "http", true },
        { """{"http_path":["page"]}""", "http", false },
        { """{"http_url":["page=2"]}""", "http", true },
        { """{"http_header":[{"key":"x-request-id","value":"abc"}]}""", "http", true },
        { """{"http_header":[{"key":"x-request-id","value":"abd"}]}""", "http", false },
        { """{"http_status_code":["5+"],"event_type":[{"type":129}]}""", "http", true },

        // protocol: l4 and l7
        { """{"protocol":["TCP"]}""", "http", true },
        { """{"protocol":["http"]}""", "http", true },
        { """{"protocol":["udp"]}""", "dns", true },
        { """{"protocol":["dns"]}""", "dns", true },
        { """{"protocol":["icmp","kafka"]}""", "dns", false },

        // ports
        { """{"destination_port":["53"]}""", "dns", true },
        { """{"source_port":["8080"]}""", "http", true },
        { """{"destination_port":["8080"]}""", "http", false },

        // reply: unknown never matches, except drops which count as requests
        { """{"reply":[true]}""", "http", true },
        { """{"reply":[false]}""", "http", false },
        { """{"reply":[false]}""", "drop", true },
        { """{"reply":[true]}""", "drop", false },
        { """{"reply":[false]}""", "dns", true },

        // DNS query regex, unanchored
        { """{"dns_query":["example\\.com"]}""", "dns", true },
        { """{"dns_query":["^example"]}""", "dns", false },
        { """{"dns_query":["."]}""", "http", false },

        // TCP flags: every flag in one message must be set; messages OR
        { """{"tcp_flags":[{"SYN":true}]}""", "world", true },
        { """{"tcp_flags":[{"SYN":true,"ACK":true}]}""", "drop", false },
        { """{"tcp_flags":[{"RST":true},{"SYN":true}]}""", "drop", true },
        { """{"tcp_flags":[{"SYN":true}]}""", "dns", false },

        // node names: [cluster/]node patterns; bare names are in cluster "default"
        { """{"node_name":["aks-nodepool1-*"]}""", "http", true },
        { """{"node_name":["c1/*"]}""", "http", true },
        { """{"node_name":["c2/*"]}""", "http", false },
        { """{"node_name":["default/kind-*"]}""", "drop", true },
        { """{"node_name":["c1/kind-*"]}""", "drop", false },
        { """{"node_name":["kind-worker"]}""", "drop", true },
        { """{"node_name":["kind"]}""", "drop", false },
        { """{"node_name":["c1/aks-*-vmss*"]}""", "http", true },
        { """{"node_name":["/aks-nodepool1-27013129-vmss000000"]}""", "http", true },
        { """{"node_name":["c*/"]}""", "http", true },

        // node labels, IP version, trace IDs, encryption
        { """{"node_labels":["kubernetes.io/os=linux"]}""", "http", true },
        { """{"node_labels":["topology.kubernetes.io/zone in (westus-1)"]}""", "http", false },
        { """{"ip_version":["IPv6"]}""", "dns", true },
        { """{"ip_version":["IPv4"]}""", "dns", false },
        { """{"trace_id":["4bf92f3577b34da6"]}""", "http", true },
        { """{"trace_id":["4bf92f3577b34da6"]}""", "dns", false },
        { """{"ip_trace_id":["77"]}""", "dns", true },
        { """{"ip_trace_id":["78"]}""", "dns", false },
        { """{"encrypted":[true]}""", "dns", true },
        { """{"encrypted":[false]}""", "dns", false },
        { """{"encrypted":[false]}""", "http", true },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Field_matches_as_the_server_would(string filter, string flowName, bool expected)
    {
        Assert.Equal(expected, FilterMatch.Matches(filter, Flow(flowName)));
    }

    private static Flow Flow(string name) => name switch
    {
        "http" => SampleFlows.HttpResponse(),
        "drop" => SampleFlows.PolicyDrop(),
        "dns" => SampleFlows.DnsRequest(),
        "world" => SampleFlows.ToWorld(),
        _ => throw new ArgumentException($"no sample flow named {name}", nameof(name)),
    };
}
