using Cilium.Flow;
using NetObs.Hubble.Filtering;

namespace NetObs.Hubble.Tests.Filtering;

public sealed class ObserveFilterFormatterTests
{
    private static readonly DateTimeOffset Now = new(2025, 4, 16, 18, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("-n kube-system --verdict DROPPED", "--namespace kube-system --verdict DROPPED")]
    [InlineData("--verdict DROPPED --pod default/frontend", "--pod default/frontend --verdict DROPPED")]
    [InlineData("--dns --from-pod a --to-port 53", "--protocol dns --from-pod a --to-port 53")]
    [InlineData("--not -n kube-system --not --verdict FORWARDED", "--not --namespace kube-system --not --verdict FORWARDED")]
    [InlineData("-A", "--all-namespaces")]
    [InlineData("--label 'k8s:app in (a, b)' --identity 2", "--label 'k8s:app in (a, b)' --identity world")]
    [InlineData("--type trace:3 --tcp-flags ack,syn", "--type trace:to-stack --tcp-flags SYN,ACK")]
    [InlineData("--since 90m --last 20 --follow", "--since 1h30m --last 20 --follow")]
    [InlineData("--first 5 --since 2025-04-16T10:00:00Z", "--since 2025-04-16T10:00:00Z --first 5")]
    [InlineData("--all", "--all")]
    [InlineData("--verdict DROPPED --cluster prod", "--cluster prod --verdict DROPPED")]
    [InlineData("--node-name prod/ --node-name 'dev-*/'", "--cluster prod --cluster dev-*")]
    [InlineData("", "")]
    public void Canonical_form_is_stable_and_reads_like_the_cli(string input, string canonical)
    {
        var formatted = ObserveFilterFormatter.Format(ObserveFilterParser.Parse(input, Now));

        Assert.Equal(canonical, formatted);
    }

    [Theory]
    [InlineData("--namespace pets --service catalog --to-port 8080 --not --http-status 2+")]
    [InlineData("--ip 10.0.0.0/8 --verdict DROPPED --drop-reason-desc POLICY_DENIED")]
    [InlineData("--from-namespace a --to-namespace b --http-header 'x-a:b c' --http-path '^/api/(v1|v2)'")]
    [InlineData("--workload Deployment/catalog --fqdn '*.example.com' --traffic-direction egress --ip-version none")]
    [InlineData("--node-name 'c1/aks-*' --node-label kubernetes.io/os=linux --from-cluster c1 --ip-trace-id 7 --encrypted")]
    [InlineData("--cluster c1 --cluster 'prod-*' --to-cluster c2 --not --cluster c3")]
    [InlineData("--allowlist '{\"reply\":[false],\"verdict\":[\"DROPPED\"]}' --allowlist '{\"dns_query\":[\"example\"]}'")]
    public void Formatting_then_parsing_gives_the_same_lists(string input)
    {
        var query = ObserveFilterParser.Parse(input, Now);

        var again = ObserveFilterParser.Parse(ObserveFilterFormatter.Format(query), Now);

        ExpectedFilters.Equal(query.Allowlist, again.Allowlist);
        ExpectedFilters.Equal(query.Denylist, again.Denylist);
        Assert.Equal(query.Options, again.Options);
    }

    [Fact]
    public void Lists_no_flag_can_express_fall_back_to_raw_json()
    {
        var query = new ObserveQuery(
            [new FlowFilter { Reply = { true } }],
            [new FlowFilter { DnsQuery = { "example\\.com" } }],
            new ObserveOptions());

        var formatted = ObserveFilterFormatter.Format(query);

        Assert.Equal("--allowlist '{ \"reply\": [ true ] }' --denylist '{ \"dns_query\": [ \"example\\\\.com\" ] }'", formatted);
        var again = ObserveFilterParser.Parse(formatted);
        ExpectedFilters.Equal(query.Allowlist, again.Allowlist);
        ExpectedFilters.Equal(query.Denylist, again.Denylist);
    }
}
