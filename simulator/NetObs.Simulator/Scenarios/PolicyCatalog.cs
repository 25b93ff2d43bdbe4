using Cilium.Flow;

namespace NetObs.Simulator.Scenarios;

/// <summary>The network policies the scenarios cite in *_allowed_by / *_denied_by, shaped as Hubble reports them.</summary>
public sealed class PolicyCatalog
{
    public PolicyCatalog()
    {
        AccountsApiIngress = Cnp("accounts-api-ingress", "banking", 7);
        WebFrontendEgress = Cnp("web-frontend-egress", "banking", 4);
        DenySmtpEgress = Cnp("deny-smtp-egress", "shop", 2);
        CatalogL7 = Cnp("catalog-l7-rules", "shop", 12);
        KafkaTopics = Cnp("kafka-topic-access", "shop", 5);
        DnsVisibility = Ccnp("dns-visibility", 3);
    }

    /// <summary>Only api-gateway may reach accounts-api: web-frontend is denied.</summary>
    public Policy AccountsApiIngress { get; }

    public Policy WebFrontendEgress { get; }

    /// <summary>An explicit deny rule (DropReason POLICY_DENY).</summary>
    public Policy DenySmtpEgress { get; }

    public Policy CatalogL7 { get; }

    public Policy KafkaTopics { get; }

    public Policy DnsVisibility { get; }

    private static Policy Cnp(string name, string ns, ulong revision)
    {
        var policy = new Policy { Name = name, Namespace = ns, Revision = revision, Kind = "CiliumNetworkPolicy" };
        policy.Labels.Add("k8s:io.cilium.k8s.policy.derived-from=CiliumNetworkPolicy");
        policy.Labels.Add($"k8s:io.cilium.k8s.policy.name={name}");
        policy.Labels.Add($"k8s:io.cilium.k8s.policy.namespace={ns}");
        return policy;
    }

    private static Policy Ccnp(string name, ulong revision)
    {
        var policy = new Policy { Name = name, Revision = revision, Kind = "CiliumClusterwideNetworkPolicy" };
        policy.Labels.Add("k8s:io.cilium.k8s.policy.derived-from=CiliumClusterwideNetworkPolicy");
        policy.Labels.Add($"k8s:io.cilium.k8s.policy.name={name}");
        return policy;
    }
}
