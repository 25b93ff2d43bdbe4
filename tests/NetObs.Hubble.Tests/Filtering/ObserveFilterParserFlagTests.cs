using NetObs.Hubble.Filtering;

namespace NetObs.Hubble.Tests.Filtering;

/// <summary>Every selector flag of hubble-api.md §4.1 mapped to the FlowFilter fields the CLI fills.</summary>
public sealed class ObserveFilterParserFlagTests
{
    public static TheoryData<string, string[]> FlagCases => new()
    {
        { "--uuid 5f0e", ["""{"uuid":["5f0e"]}"""] },
        { "--node-name k8s*", ["""{"node_name":["k8s*"]}"""] },
        { "--node-label kubernetes.io/os=linux", ["""{"node_labels":["kubernetes.io/os=linux"]}"""] },
        { "--cluster c1", ["""{"node_name":["c1/"]}"""] },
        { "--cluster c1 --cluster 'prod-*'", ["""{"node_name":["c1/","prod-*/"]}"""] },
        { "--from-cluster c1", ["""{"source_cluster_name":["c1"]}"""] },
        { "--to-cluster c1", ["""{"destination_cluster_name":["c1"]}"""] },
        { "--protocol TCP", ["""{"protocol":["tcp"]}"""] },
        { "--tcp-flags syn,ack", ["""{"tcp_flags":[{"SYN":true,"ACK":true}]}"""] },
        { "--tcp-flags syn --tcp-flags rst", ["""{"tcp_flags":[{"SYN":true},{"RST":true}]}"""] },
        { "-t drop", ["""{"event_type":[{"type":1}]}"""] },
        { "--type trace:to-stack", ["""{"event_type":[{"type":4,"match_sub_type":true,"sub_type":3}]}"""] },
        { "--type trace:to-endpoint", ["""{"event_type":[{"type":4,"match_sub_type":true}]}"""] },
        { "--type 129", ["""{"event_type":[{"type":129}]}"""] },
        { "--type policy-verdict:2", ["""{"event_type":[{"type":5,"match_sub_type":true,"sub_type":2}]}"""] },
        { "--verdict DROPPED", ["""{"verdict":["DROPPED"]}"""] },
        { "--drop-reason-desc POLICY_DENIED", ["""{"drop_reason_desc":["POLICY_DENIED"]}"""] },
        { "--http-status 5+", ["""{"http_status_code":["5+"]}"""] },
        { "--http-method GET", ["""{"http_method":["GET"]}"""] },
        { "--http-path ^/api/v[0-9]+", ["""{"http_path":["^/api/v[0-9]+"]}"""] },
        { "--http-url 'https://shop\\.example/.*'", ["""{"http_url":["https://shop\\.example/.*"]}"""] },
        { "--http-header x-user:alice:admin", ["""{"http_header":[{"key":"x-user","value":"alice:admin"}]}"""] },
        { "--trace-id 4bf92f3577b34da6", ["""{"trace_id":["4bf92f3577b34da6"]}"""] },
        { "--ip-trace-id 42", ["""{"ip_trace_id":["42"]}"""] },
        { "--fqdn api.github.com", ["""{"source_fqdn":["api.github.com"]}""", """{"destination_fqdn":["api.github.com"]}"""] },
        { "--from-fqdn *.example.com", ["""{"source_fqdn":["*.example.com"]}"""] },
        { "--to-fqdn example.com", ["""{"destination_fqdn":["example.com"]}"""] },
        { "--ip 10.0.0.0/8", ["""{"source_ip":["10.0.0.0/8"]}""", """{"destination_ip":["10.0.0.0/8"]}"""] },
        { "--from-ip 10.0.1.13", ["""{"source_ip":["10.0.1.13"]}"""] },
        { "--to-ip fd00::1", ["""{"destination_ip":["fd00::1"]}"""] },
        { "--snat-ip 192.168.0.1", ["""{"source_ip_xlated":["192.168.0.1"]}"""] },
        { "-4", ["""{"ip_version":["IPv4"]}"""] },
        { "--ipv6", ["""{"ip_version":["IPv6"]}"""] },
        { "--ip-version v4", ["""{"ip_version":["IPv4"]}"""] },
        { "--pod default/frontend", ["""{"source_pod":["default/frontend"]}""", """{"destination_pod":["default/frontend"]}"""] },
        { "--from-pod a", ["""{"source_pod":["a"]}"""] },
        { "--to-pod kube-system/coredns-", ["""{"destination_pod":["kube-system/coredns-"]}"""] },
        { "-n kube-system", ["""{"source_pod":["kube-system/"]}""", """{"destination_pod":["kube-system/"]}"""] },
        { "--from-namespace pets", ["""{"source_pod":["pets/"]}"""] },
        { "--to-namespace pets", ["""{"destination_pod":["pets/"]}"""] },
        { "-A", ["""{"source_pod":["/"]}""", """{"destination_pod":["/"]}"""] },
        { "--from-all-namespaces", ["""{"source_pod":["/"]}"""] },
        { "--to-all-namespaces", ["""{"destination_pod":["/"]}"""] },
        { "-l k8s:app=foo", ["""{"source_label":["k8s:app=foo"]}""", """{"destination_label":["k8s:app=foo"]}"""] },
        { "--from-label reserved:world", ["""{"source_label":["reserved:world"]}"""] },
        { "--to-label 'app in (a, b)'", ["""{"destination_label":["app in (a, b)"]}"""] },
        { "--service pets/catalog", ["""{"source_service":["pets/catalog"]}""", """{"destination_service":["pets/catalog"]}"""] },
        { "--from-service catalog", ["""{"source_service":["catalog"]}"""] },
        { "--to-service kube-dns", ["""{"destination_service":["kube-dns"]}"""] },
        { "--port 53", ["""{"source_port":["53"]}""", """{"destination_port":["53"]}"""] },
        { "--from-port 40112", ["""{"source_port":["40112"]}"""] },
        { "--to-port 443", ["""{"destination_port":["443"]}"""] },
        { "--workload Deployment/catalog", ["""{"source_workload":[{"name":"catalog","kind":"Deployment"}]}""", """{"destination_workload":[{"name":"catalog","kind":"Deployment"}]}"""] },
        { "--from-workload catalog", ["""{"source_workload":[{"name":"catalog"}]}"""] },
        { "--to-workload StatefulSet/", ["""{"destination_workload":[{"kind":"StatefulSet"}]}"""] },
        { "--identity world", ["""{"source_identity":[2]}""", """{"destination_identity":[2]}"""] },
        { "--from-identity 39459", ["""{"source_identity":[39459]}"""] },
        { "--to-identity kube-apiserver", ["""{"destination_identity":[7]}"""] },
        { "--traffic-direction Ingress", ["""{"traffic_direction":["INGRESS"]}"""] },
        { "--cel-expression '_flow.verdict == Verdict.DROPPED'", ["""{"experimental":{"cel_expression":["_flow.verdict == Verdict.DROPPED"]}}"""] },
        { "--interface eth0", ["""{"interface":[{"name":"eth0"}]}"""] },
        { "--encrypted", ["""{"encrypted":[true]}"""] },
        { "--unencrypted", ["""{"encrypted":[false]}"""] },
        { "--dns", ["""{"protocol":["dns"]}"""] },
        { "--http", ["""{"protocol":["http"]}"""] },
        { "--kafka", ["""{"protocol":["kafka"]}"""] },
        { "--allowlist '{\"reply\":[true]}'", ["""{"reply":[true]}"""] },
    };

    [Theory]
    [MemberData(nameof(FlagCases))]
    public void Each_flag_fills_the_fields_the_cli_fills(string args, string[] expected)
    {
        var query = ObserveFilterParser.Parse(args);

        ExpectedFilters.Equal(ExpectedFilters.Parse(expected), query.Allowlist);
        Assert.Empty(query.Denylist);
    }

    [Fact]
    public void Every_documented_flag_is_covered_by_a_case()
    {
        var covered = FlagCases.Select(row => (string)row[0]).ToList();
        var options = new[] { "not", "denylist", "since", "until", "last", "first", "all", "follow" };
        foreach (var flag in ObserveFlags.All.Where(f => !options.Contains(f.Name)))
        {
            Assert.True(
                covered.Any(c => c.StartsWith("--" + flag.Name + " ", StringComparison.Ordinal) || c == "--" + flag.Name
                    || (flag.Short is { } s && c.StartsWith("-" + s, StringComparison.Ordinal))),
                $"flag --{flag.Name} has no test case");
        }
    }
}
