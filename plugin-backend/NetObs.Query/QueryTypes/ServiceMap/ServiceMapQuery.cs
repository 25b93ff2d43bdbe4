using System.Globalization;
using NetObs.Query.Aggregation;
using NetObs.Query.Model;
using NetObs.Query.Queries;
using NetObs.Query.Results;
using NetObs.Query.Scanning;

namespace NetObs.Query.QueryTypes.ServiceMap;

/// <summary>The <c>servicemap</c> query: Node Graph nodes and edges with rates, drop and L7 error ratios and p95 latency.</summary>
public static class ServiceMapQuery
{
    public const int MaxEdges = 5000;

    /// <summary>The Flow fields the service map reads; the relay can leave out everything else.</summary>
    public static readonly IReadOnlyList<string> MaskPaths =
    [
        "time", "verdict", "drop_reason_desc", "is_reply", "IP.source", "IP.destination", "l4",
        "source.namespace", "source.pod_name", "source.workloads", "source.identity",
        "destination.namespace", "destination.pod_name", "destination.workloads", "destination.identity",
        "source_names", "destination_names",
        "l7.type", "l7.latency_ns", "l7.http.code", "l7.dns.rcode", "l7.dns.query", "l7.kafka.error_code",
        "ingress_denied_by", "egress_denied_by",
    ];

    public static async Task<ServiceMapResult> RunAsync(QueryExecution execution, CancellationToken cancellationToken)
    {
        var query = execution.Query;
        var (since, until) = execution.Range;
        var sinceNs = TimeBuckets.ToNs(since);
        var untilNs = TimeBuckets.ToNs(until);
        var aggregator = new ServiceMapAggregator(query.NodeKind, sinceNs, untilNs, MaxEdges);
        var fetch = new FlowFetch(query.Filter.Allowlist, query.Filter.Denylist, since, until, 0, false, new HashSet<string>(MaskPaths, StringComparer.Ordinal));
        var stats = await execution.Fetcher.ScanAsync(fetch, aggregator, cancellationToken).ConfigureAwait(false);

        var seconds = Math.Max((until - since).TotalSeconds, 1e-3);
        var nodes = aggregator.Nodes
            .Select(pair =>
            {
                var (name, node) = (pair.Key, pair.Value);
                var dropped = node.Dropped / (double)node.Flows;
                var errors = node.L7Errors / (double)node.Flows;
                return new ServiceMapNode(name.Id, name.Title, name.Subtitle, name.Kind, node.Flows, node.Flows / seconds,
                    Math.Max(0, 1 - dropped - errors), errors, dropped);
            })
            .OrderBy(n => n.Id, StringComparer.Ordinal)
            .ToList();

        var edges = aggregator.Edges
            .Select(pair =>
            {
                var ((source, target), edge) = (pair.Key, pair.Value);
                var answered = edge.Flows - edge.Dropped;
                return new ServiceMapEdge($"{source.Id}->{target.Id}", source.Id, target.Id, edge.Flows, edge.Dropped, edge.L7Errors,
                    edge.Flows / seconds, edge.Dropped / (double)edge.Flows, answered == 0 ? 0 : edge.L7Errors / (double)answered,
                    edge.Latency?.Quantile(0.95) / 1e6,
                    string.Join(", ", edge.Ports), string.Join(", ", edge.Protocols), string.Join(", ", edge.DropReasons), string.Join(", ", edge.DeniedBy));
            })
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .ToList();

        var notices = QueryDescription.ScanNotices(execution, stats, cutByNumber: false);
        if (aggregator.Overflow > 0)
        {
            notices.Insert(0, new QueryNotice(NoticeSeverity.Warning,
                $"More than {MaxEdges} edges: {aggregator.Overflow.ToString(CultureInfo.InvariantCulture)} flows on further edges were left out. Narrow the filter or use nodeKind namespace."));
        }

        var description = $"servicemap by {QueryNames.Of(query.NodeKind)}";
        return new ServiceMapResult(query.RefId, QueryDescription.Command(execution, 0, description), notices, nodes, edges);
    }
}
