using Cilium.Flow;
using Cilium.Observer;
using NetObs.Hubble.Evaluation;
using NetObs.Hubble.Filtering;

namespace NetObs.Hubble.Tests.Evaluation;

public sealed class FlowFilterEvaluatorTests
{
    private static readonly Flow[] All = [SampleFlows.HttpResponse(), SampleFlows.PolicyDrop(), SampleFlows.DnsRequest(), SampleFlows.ToWorld()];

    [Fact]
    public void Empty_lists_pass_every_flow()
    {
        var evaluator = FlowFilterEvaluator.Compile([], []);

        Assert.All(All, flow => Assert.True(evaluator.Matches(flow)));
    }

    [Fact]
    public void Fields_in_one_filter_and_together()
    {
        Assert.True(FilterMatch.Matches("""{"verdict":["DROPPED"],"destination_port":["27017"]}""", SampleFlows.PolicyDrop()));
        Assert.False(FilterMatch.Matches("""{"verdict":["DROPPED"],"destination_port":["27018"]}""", SampleFlows.PolicyDrop()));
    }

    [Fact]
    public void Allowlist_filters_or_and_denylist_removes_any_match()
    {
        // --pod pets/frontend --not --namespace kube-system
        var query = ObserveFilterParser.Parse("--pod pets/frontend --not --namespace kube-system");
        var evaluator = FlowFilterEvaluator.Compile(query.Allowlist, query.Denylist);

        var selected = All.Where(evaluator.Matches).ToList();

        // All four flows start at pets/frontend; only the DNS request also touches kube-system.
        Assert.Equal(3, selected.Count);
        Assert.DoesNotContain(selected, f => f.Destination.Namespace == "kube-system");
    }

    [Fact]
    public void Symmetric_namespace_flag_selects_either_side()
    {
        var query = ObserveFilterParser.Parse("--namespace kube-system");
        var evaluator = FlowFilterEvaluator.Compile(query.Allowlist, query.Denylist);

        Assert.True(evaluator.Matches(SampleFlows.DnsRequest()));
        Assert.False(evaluator.Matches(SampleFlows.ToWorld()));
    }

    [Fact]
    public void Lost_events_and_node_status_bypass_filters()
    {
        var evaluator = FlowFilterEvaluator.Compile([new FlowFilter { Verdict = { Verdict.Audit } }], []);

        Assert.True(evaluator.Matches(new GetFlowsResponse { LostEvents = new LostEvent { NumEventsLost = 3 } }));
        Assert.True(evaluator.Matches(new GetFlowsResponse { NodeStatus = new Cilium.Relay.NodeStatusEvent() }));
        Assert.False(evaluator.Matches(new GetFlowsResponse { Flow = SampleFlows.HttpResponse() }));
    }

    [Theory]
    [InlineData("""{"http_status_code":["4xx"]}""", "invalid status code prefix: \"4xx\"")]
    [InlineData("""{"http_status_code":["600"]}""", "invalid status code prefix")]
    [InlineData("""{"protocol":["quic"]}""", "unknown protocol in filter: \"quic\"")]
    [InlineData("""{"source_pod":[""]}""", "invalid filter, must be [namespace/][<name>]")]
    [InlineData("""{"destination_service":[""]}""", "invalid filter, must be [namespace/][<name>]")]
    [InlineData("""{"source_ip":["10.0.0.256"]}""", "invalid IP address in filter")]
    [InlineData("""{"destination_ip":["10.0.0.0/33"]}""", "invalid CIDR in filter")]
    [InlineData("""{"http_method":["GET"],"event_type":[{"type":1}]}""", "filtering by http method requires the event type filter to only match 'l7' events")]
    [InlineData("""{"http_status_code":["200"],"event_type":[{"type":4}]}""", "filtering by http status code requires")]
    [InlineData("""{"dns_query":["(unclosed"]}""", "invalid DNS query filter")]
    [InlineData("""{"source_label":["app in a"]}""", "invalid source label filter")]
    [InlineData("""{"source_fqdn":["bad name"]}""", "invalid FQDN in filter")]
    [InlineData("""{"node_name":["a/b/c"]}""", "too many slashes")]
    [InlineData("""{"source_cluster_name":[""]}""", "cluster name must not be empty")]
    [InlineData("""{"destination_port":["http"]}""", "invalid port")]
    [InlineData("""{"experimental":{"cel_expression":["true"]}}""", "CEL")]
    public void Invalid_filters_are_rejected_like_the_server_does(string filter, string message)
    {
        var error = FilterMatch.Rejects(filter);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_denylist_filter_fails_the_whole_compile()
    {
        Assert.Throws<InvalidFlowFilterException>(() =>
            FlowFilterEvaluator.Compile([], [new FlowFilter { HttpStatusCode = { "abc" } }]));
    }

    [Theory]
    [InlineData("--from-label k8s:app=frontend --to-ip 10.0.0.0/8 --verdict FORWARDED --to-port 60778 --protocol tcp --node-name 'c1/aks-*' --http-path ^/api --not --http-status 2+", "http")]
    [InlineData("--to-fqdn '*.github.com' --from-pod pets/ --tcp-flags syn --to-identity world --traffic-direction egress --snat-ip 20.1.0.0/16", "world")]
    public void Matching_allocates_nothing_per_flow(string filter, string flowName)
    {
        var query = ObserveFilterParser.Parse(filter);
        var evaluator = FlowFilterEvaluator.Compile(query.Allowlist, query.Denylist);
        var flow = flowName == "http" ? SampleFlows.HttpResponse() : SampleFlows.ToWorld();
        Assert.True(evaluator.Matches(flow));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            evaluator.Matches(flow);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
