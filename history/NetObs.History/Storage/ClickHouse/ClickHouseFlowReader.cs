using System.Runtime.CompilerServices;
using System.Text;
using Cilium.Flow;
using NetObs.History.Sql;
using NetObs.Hubble.Evaluation;

namespace NetObs.History.Storage.ClickHouse;

/// <summary>
/// Reads flows page by page in (time, cluster, node, flow bytes) order, each page starting after the last row of the
/// previous one, so memory stays bounded however many flows match. ClickHouse keeps no insertion order, and the
/// shards of a Distributed table none across servers, so ties in time are broken by those columns.
/// Filters the translator cannot express exactly are evaluated in process, and only then is the limit applied.
/// </summary>
public sealed class ClickHouseFlowReader(IClickHouseConnection server, ClickHouseTables tables, int pageSize)
{
    private readonly FlowFilterSqlTranslator _translator = new(ClickHouseDialect.Instance);

    public async IAsyncEnumerable<StoredFlow> ReadAsync(FlowReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var condition = _translator.Translate(request);
        var evaluator = condition.Exact ? null : FlowFilterEvaluator.Compile(request.Allow, request.Deny);
        var descending = request.Order == FlowReadOrder.NewestFirst;
        // A limit per node is counted here over an unlimited read; without the set of nodes it cannot stop early.
        var perNode = request.LimitPerNode && request.Limit > 0 ? new PerNodeLimit(request.Limit, null) : null;
        var remaining = request.Limit > 0 && perNode is null ? request.Limit : long.MaxValue;
        StoredFlow? last = null;
        while (remaining > 0)
        {
            var page = (int)(evaluator is null && perNode is null ? Math.Min(remaining, pageSize) : pageSize);
            var sql = PageQuery(condition.Sql, last, descending, page);
            var reply = await server.QueryAsync(sql, cancellationToken).ConfigureAwait(false);
            var rows = Parse(reply);
            foreach (var flow in rows)
            {
                if ((evaluator is null || evaluator.Matches(flow.Flow)) && (perNode is null || perNode.Take(flow)))
                {
                    yield return flow;
                    if (--remaining == 0)
                    {
                        yield break;
                    }
                }
            }

            if (rows.Count < page)
            {
                yield break;
            }

            last = rows[^1];
        }
    }

    private string PageQuery(string condition, StoredFlow? after, bool descending, int limit)
    {
        var sql = new StringBuilder("SELECT time_ns, cluster, node, flow FROM ").Append(tables.Flows).Append(" WHERE ").Append(condition);
        if (after is not null)
        {
            sql.Append(" AND ").Append(After(after, descending ? "<" : ">"));
        }

        var direction = descending ? " DESC" : string.Empty;
        sql.Append(" ORDER BY time_ns").Append(direction).Append(", cluster").Append(direction).Append(", node").Append(direction).Append(", flow").Append(direction)
            .Append(" LIMIT ").Append(limit).Append(" FORMAT TabSeparated");
        return sql.ToString();
    }

    // (time_ns, cluster, node, flow) compared lexicographically with the last row read, spelled out because
    // tuple comparison is not available on every engine version; flow bytes compare as memcmp.
    private static string After(StoredFlow last, string op)
    {
        var time = ClickHouseLiteral.Integer(last.TimeNs);
        var cluster = ClickHouseDialect.Instance.StringLiteral(last.Cluster);
        var node = ClickHouseDialect.Instance.StringLiteral(last.Node);
        var flow = ClickHouseLiteral.Bytes(last.Original.Span);
        return $"(time_ns {op} {time} OR (time_ns = {time} AND (cluster {op} {cluster} OR (cluster = {cluster} AND (node {op} {node} OR (node = {node} AND flow {op} {flow}))))))";
    }

    private static List<StoredFlow> Parse(byte[] reply)
    {
        var flows = new List<StoredFlow>();
        var reader = new TabSeparatedReader(reply);
        while (reader.HasRow)
        {
            var time = reader.Int64();
            var cluster = reader.String();
            var node = reader.String();
            var original = reader.Bytes();
            flows.Add(new StoredFlow(cluster, node, time, Flow.Parser.ParseFrom(original), original));
        }

        return flows;
    }
}
