using Cilium.Flow;
using NetObs.Hubble.Evaluation;
using NetObs.Hubble.Filtering;

namespace NetObs.Hubble.Tests.Filtering;

/// <summary><c>--cluster</c> selects the cluster of the observing node, read from Cilium's <c>cluster/node</c> node names.</summary>
public sealed class ClusterFlagTests
{
    [Theory]
    [InlineData("--cluster prod", "prod/aks-1", true)]
    [InlineData("--cluster prod", "dev/aks-1", false)]
    [InlineData("--cluster prod", "aks-1", false)]
    [InlineData("--cluster default", "aks-1", true)]
    [InlineData("--cluster default", "prod/aks-1", false)]
    [InlineData("--cluster 'pr*'", "prod/aks-1", true)]
    [InlineData("--cluster dev --cluster prod", "prod/aks-1", true)]
    [InlineData("--not --cluster prod", "prod/aks-1", false)]
    [InlineData("--not --cluster prod", "dev/aks-1", true)]
    [InlineData("--cluster prod", "", false)]
    public void Cluster_flag_matches_the_prefix_of_the_node_name(string filter, string nodeName, bool matches)
    {
        var query = ObserveFilterParser.Parse(filter);
        var evaluator = FlowFilterEvaluator.Compile(query.Allowlist, query.Denylist);

        Assert.Equal(matches, evaluator.Matches(new Flow { NodeName = nodeName }));
    }

    [Fact]
    public void Cluster_flag_ignores_the_endpoints_cluster_names()
    {
        var query = ObserveFilterParser.Parse("--cluster prod");
        var evaluator = FlowFilterEvaluator.Compile(query.Allowlist, query.Denylist);

        var flow = new Flow { NodeName = "dev/aks-1", Source = new Endpoint { ClusterName = "prod" }, Destination = new Endpoint { ClusterName = "prod" } };

        Assert.False(evaluator.Matches(flow));
    }

    [Fact]
    public void A_cluster_name_with_a_slash_points_to_node_name()
    {
        var error = Assert.Throws<FilterSyntaxException>(() => ObserveFilterParser.Parse("--cluster prod/aks-1"));

        Assert.Equal(10, error.Position);
        Assert.Contains("a cluster name has no '/', use --node-name prod/aks-1", error.Message, StringComparison.Ordinal);
    }
}
