using System.Runtime.CompilerServices;
using NetObs.History.Aggregation;
using NetObs.History.Sql;

namespace NetObs.History.Storage.ClickHouse;

/// <summary>
/// The aggregation service computed inside ClickHouse: the shared <see cref="SqlFlowAggregations"/> with the ClickHouse
/// dialect, its queries run on the store's first server with typed rows read from TabSeparatedWithNamesAndTypes.
/// </summary>
public sealed class ClickHouseAggregations
{
    private const string SharedTableReference = "FROM flows ";
    private readonly IClickHouseConnection _server;
    private readonly ClickHouseTables _tables;
    private readonly SqlFlowAggregations _shared;

    public ClickHouseAggregations(IClickHouseConnection server, ClickHouseTables tables, IFlowStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _server = server;
        _tables = tables;
        _shared = new SqlFlowAggregations(ClickHouseDialect.Instance, QueryRowsAsync, store.ReadGapsAsync);
    }

    public Task<TimeSeriesResult> TimeSeriesAsync(TimeSeriesQuery query, CancellationToken cancellationToken) =>
        _shared.TimeSeriesAsync(query, cancellationToken);

    public Task<TopGroupsResult> TopGroupsAsync(TopGroupsQuery query, CancellationToken cancellationToken) =>
        _shared.TopGroupsAsync(query, cancellationToken);

    public Task<ServiceMapResult> ServiceMapAsync(ServiceMapQuery query, CancellationToken cancellationToken) =>
        _shared.ServiceMapAsync(query, cancellationToken);

    public Task<CoverageResult> CoverageAsync(CoverageQuery query, CancellationToken cancellationToken) =>
        _shared.CoverageAsync(query, cancellationToken);

    // The shared SQL names the flows table "flows"; here it is the Distributed table or, on a single server, flows_local
    // in the store's database. Only the first occurrence is replaced: it precedes every literal of the statement.
    private async IAsyncEnumerable<object?[]> QueryRowsAsync(string sql, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var at = sql.IndexOf(SharedTableReference, StringComparison.Ordinal);
        var local = at < 0 ? sql : sql[..at] + "FROM " + _tables.Flows + " " + sql[(at + SharedTableReference.Length)..];
        var reply = await _server.QueryAsync($"{local} FORMAT {ClickHouseTypedRows.Format}", cancellationToken).ConfigureAwait(false);
        foreach (var row in ClickHouseTypedRows.Parse(reply))
        {
            yield return row;
        }
    }
}
