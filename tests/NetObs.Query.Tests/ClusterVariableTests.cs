using Cilium.Flow;
using NetObs.Query.Variables;

namespace NetObs.Query.Tests;

/// <summary>The <c>clusters</c> resource lists the clusters of the observing nodes, as <c>--cluster</c> reads them.</summary>
public sealed class ClusterVariableTests
{
    [Fact]
    public async Task Clusters_are_the_node_name_prefixes_with_default_for_bare_names()
    {
        var relay = new InMemoryRelay(
        [
            new Flow { NodeName = "prod/aks-1" },
            new Flow { NodeName = "prod/aks-2" },
            new Flow { NodeName = "aks-3" },
            new Flow { NodeName = "eu-west/aks-1" },
        ]);
        var variables = new VariableResources(relay, VariableSampleOptions.Default);

        var clusters = await variables.ClustersAsync(CancellationToken.None);

        Assert.Equal(["default", "eu-west", "prod"], clusters);
    }
}
