using System.Globalization;
using NetObs.Hubble.FlowSources;
using NetObs.Hubble.Relay;
using NetObs.Query.Aggregation;
using NetObs.Query.History;
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
        var attempt = await HistoryPushdown.TryAsync(execution, FlowPushdown.ServiceMapEdges, history => ServiceMapPushdown.RunAsync(execution, history, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        if (attempt.Result is { } pushed)
        {
            return pushed;
        }

        var query = execution.Query;
        var (since, until) = execution.Range;
        var sinceNs = TimeBuckets.ToNs(since);
        var untilNs = TimeBuckets.ToNs(until);
        var aggregator = new ServiceMapAggregator(query.NodeKind, sinceNs, untilNs, MaxEdges);
        var fetch = new FlowFetch(query.Filter.Allowlist, query.Filter.Denylist, since, until, 0, false, new HashSet<string>(MaskPaths, StringComparer.Ordinal));
        var stats = await execution.Fetcher.ScanAsync(fetch, aggregator, cancellationToken).ConfigureAwait(false);

        var seconds = Seconds(execution);
        var nodes = aggregator.Nodes
            .Select(pair => Node(pair.Key.Id, pair.Key.Title, pair.Key.Subtitle, pair.Key.Kind, pair.Value.Flows, pair.Value.Dropped, pair.Value.L7Errors, seconds))
            .OrderBy(n => n.Id, StringComparer.Ordinal)
            .ToList();

        var edges = aggregator.Edges
            .Select(pair =>
            {
                var ((source, target), edge) = (pair.Key, pair.Value);
                return Edge(source.Id, target.Id, edge.Flows, edge.Dropped, edge.L7Errors, edge.Latency?.Quantile(0.95), seconds,
                    edge.Ports, edge.Protocols, edge.DropReasons, edge.DeniedBy);
            })
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .ToList();

        var (notices, command) = await HistoryPushdown.DescribeScanAsync(execution, attempt, stats, Describe(query), cancellationToken).ConfigureAwait(false);
        return Finish(query, nodes, edges, aggregator.Overflow, notices, command);
    }

    internal static string Describe(NetObsQuery query) => $"servicemap by {QueryNames.Of(query.NodeKind)}";

    /// <summary>The range's length in seconds, which rates divide by.</summary>
    internal static double Seconds(QueryExecution execution)
    {
        var (since, until) = execution.Range;
        return Math.Max((until - since).TotalSeconds, 1e-3);
    }

    /// <summary>A node with its rate and the shares of forwarded, L7-error and dropped flows.</summary>
    internal static ServiceMapNode Node(string id, string title, string subtitle, string kind, long flows, long dropped, long l7Errors, double seconds)
    {
        var droppedShare = dropped / (double)flows;
        var errors = l7Errors / (double)flows;
        return new ServiceMapNode(id, title, subtitle, kind, flows, flows / seconds, Math.Max(0, 1 - droppedShare - errors), errors, droppedShare);
    }

    /// <summary>An edge with its rate, ratios and p95 latency (nanoseconds in, milliseconds out).</summary>
    internal static ServiceMapEdge Edge(string source, string target, long flows, long dropped, long l7Errors, double? p95Ns, double seconds,
        IEnumerable<string> ports, IEnumerable<string> protocols, IEnumerable<string> dropReasons, IEnumerable<string> deniedBy)
    {
        var answered = flows - dropped;
        return new ServiceMapEdge($"{source}->{target}", source, target, flows, dropped, l7Errors,
            flows / seconds, dropped / (double)flows, answered == 0 ? 0 : l7Errors / (double)answered, p95Ns / 1e6,
            string.Join(", ", ports), string.Join(", ", protocols), string.Join(", ", dropReasons), string.Join(", ", deniedBy));
    }

    internal static ServiceMapResult Finish(NetObsQuery query, List<ServiceMapNode> nodes, List<ServiceMapEdge> edges, long overflow, List<QueryNotice> notices, string command)
    {
        if (overflow > 0)
        {
            notices.Insert(0, new QueryNotice(NoticeSeverity.Warning,
                $"More than {MaxEdges} edges: {overflow.ToString(CultureInfo.InvariantCulture)} flows on further edges were left out. Narrow the filter or use nodeKind namespace."));
        }

        return new ServiceMapResult(query.RefId, command, notices, nodes, edges);
    }
}
