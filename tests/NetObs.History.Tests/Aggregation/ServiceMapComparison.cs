using System.Globalization;
using NetObs.History.Aggregation;
using NetObs.Query.Model;
using ServiceMapAggregator = NetObs.Query.QueryTypes.ServiceMap.ServiceMapAggregator;

namespace NetObs.History.Tests.Aggregation;

/// <summary>Holds a service map from a store to the plugin's in-memory aggregator: every node, and every edge with its counts, quantiles and capped lists.</summary>
public static class ServiceMapComparison
{
    /// <summary>Asserts equal maps; returns the number of edges, so a caller can check that a case was not empty.</summary>
    public static int AssertEqual(ServiceMapAggregator expected, ServiceMapResult actual, IReadOnlyList<double> quantiles, string context)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var expectedNodes = expected.Nodes.Select(n => $"{n.Key.Id}|{n.Key.Title}|{n.Key.Subtitle}|{n.Key.Kind}|{n.Value.Flows}|{n.Value.Dropped}|{n.Value.L7Errors}").Order(StringComparer.Ordinal).ToList();
        var actualNodes = actual.Nodes.Select(n => $"{n.Id}|{n.Title}|{n.Subtitle}|{n.Kind}|{n.Flows}|{n.Dropped}|{n.L7Errors}").Order(StringComparer.Ordinal).ToList();
        Assert.True(expectedNodes.SequenceEqual(actualNodes), $"{context}: nodes differ.\nexpected:\n{string.Join("\n", expectedNodes)}\nactual:\n{string.Join("\n", actualNodes)}");

        var expectedEdges = expected.Edges.Select(e => EdgeText(e.Key.Source.Id, e.Key.Target.Id, e.Value.Flows, e.Value.Dropped, e.Value.L7Errors,
            quantiles.Select(q => e.Value.Latency?.Quantile(q)), e.Value.Ports, e.Value.Protocols, e.Value.DropReasons, e.Value.DeniedBy)).Order(StringComparer.Ordinal).ToList();
        var actualEdges = actual.Edges.Select(e => EdgeText(e.SourceId, e.TargetId, e.Flows, e.Dropped, e.L7Errors, e.Quantiles, e.Ports, e.Protocols, e.DropReasons, e.DeniedBy))
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(expectedEdges.SequenceEqual(actualEdges), $"{context}: edges differ.\nexpected:\n{string.Join("\n", expectedEdges)}\nactual:\n{string.Join("\n", actualEdges)}");
        return actualEdges.Count;
    }

    private static string EdgeText(string source, string target, long flows, long dropped, long errors, IEnumerable<double?> quantiles,
        IEnumerable<string> ports, IEnumerable<string> protocols, IEnumerable<string> reasons, IEnumerable<string> deniedBy) =>
        string.Join("|", source, target, flows, dropped, errors, string.Join(",", quantiles.Select(q => q?.ToString("R", CultureInfo.InvariantCulture))),
            string.Join(",", ports), string.Join(",", protocols), string.Join(",", reasons), string.Join(",", deniedBy));
}
