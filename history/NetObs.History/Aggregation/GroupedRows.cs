using System.Globalization;
using System.Runtime.CompilerServices;
using Cilium.Flow;
using NetObs.History.Sql;
using NetObs.History.Storage;
using NetObs.Hubble.Evaluation;

namespace NetObs.History.Aggregation;

/// <summary>
/// Runs "count flows per key" in a store: with an exact filter condition SQL groups and counts; otherwise SQL returns
/// the candidate rows with their flow, the filters run in process, and each passing row counts once. Either way the
/// caller sees rows of (key values, count, first time, last time), ordered by first time so that bounded
/// aggregations keep the groups the in-memory aggregators would keep when flows arrive in time order.
/// </summary>
/// <param name="dialect">The engine's SQL spelling.</param>
/// <param name="query">Runs a query and yields each row's values.</param>
/// <param name="queryWithOriginals">
/// How the store reads candidate rows with their original flows, for filters that run in process: given the select
/// list, condition and order, it yields each row's selected values followed by the original Flow bytes. Null for a
/// store that keeps the original in its <c>flow</c> column, which is then selected directly.
/// </param>
/// <param name="labelSets">For a store that keeps endpoint labels as sets: narrows label filters to the rows whose sets match.</param>
internal sealed class GroupedRows(ISqlDialect dialect, Func<string, CancellationToken, IAsyncEnumerable<object?[]>> query, CandidateRowsQuery? queryWithOriginals = null, ILabelSetIndex? labelSets = null)
{
    private readonly FlowFilterSqlTranslator _translator = new(dialect, labelSets: labelSets);

    public ISqlDialect Dialect => dialect;

    /// <summary>One group of raw key values with its count and first/last flow time.</summary>
    public sealed record Row(object?[] Keys, long Count, long FirstNs, long LastNs);

    public async IAsyncEnumerable<Row> QueryAsync(FlowReadRequest flows, IReadOnlyList<string> keyExpressions, string? extraCondition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var condition = _translator.Translate(flows);
        var where = extraCondition is null ? condition.Sql : $"{condition.Sql} AND {extraCondition}";
        var time = dialect.Identifier(FlowColumns.TimeNs.Name);
        var keys = keyExpressions.Count == 0 ? "0" : string.Join(", ", keyExpressions);
        var keyCount = Math.Max(keyExpressions.Count, 1);
        if (condition.Exact)
        {
            // Expressions, not positions: ClickHouse 18.16 reads GROUP BY 1 as a constant.
            var groupBy = keyExpressions.Count == 0 ? string.Empty : $" GROUP BY {keys}";
            var sql = $"SELECT {keys}, count(*), min({time}), max({time}) FROM flows WHERE {where}{groupBy} ORDER BY min({time})";
            await foreach (var values in query(sql, cancellationToken).ConfigureAwait(false))
            {
                // Without keys the aggregate returns one row even when nothing matched.
                if (ToLong(values[keyCount]) == 0)
                {
                    continue;
                }

                yield return new Row(values[..keyCount], ToLong(values[keyCount]), ToLong(values[keyCount + 1]), ToLong(values[keyCount + 2]));
            }

            yield break;
        }

        var evaluator = FlowFilterEvaluator.Compile(flows.Allow, flows.Deny);
        var candidates = queryWithOriginals is null
            ? query($"SELECT {keys}, {time}, {dialect.Identifier(FlowColumns.Original.Name)} FROM flows WHERE {where} ORDER BY {time}", cancellationToken)
            : queryWithOriginals($"{keys}, {time}", where, time, cancellationToken);
        await foreach (var values in candidates.ConfigureAwait(false))
        {
            if (!evaluator.Matches(Flow.Parser.ParseFrom((byte[])values[keyCount + 1]!)))
            {
                continue;
            }

            var at = ToLong(values[keyCount]);
            yield return new Row(values[..keyCount], 1, at, at);
        }
    }

    public static long ToLong(object? value) => value is null ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
}
