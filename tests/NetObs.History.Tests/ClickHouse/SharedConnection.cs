using NetObs.History.Storage.ClickHouse;

namespace NetObs.History.Tests.ClickHouse;

/// <summary>Lends the run-wide chDB connection to a store, which disposes what it is given, without closing the engine.</summary>
internal sealed class SharedConnection(IClickHouseConnection inner) : IClickHouseConnection
{
    public string Address => inner.Address;

    public Task<byte[]> QueryAsync(string sql, CancellationToken cancellationToken) => inner.QueryAsync(sql, cancellationToken);

    public Task InsertAsync(string insertStatement, ReadOnlyMemory<byte> rows, CancellationToken cancellationToken) =>
        inner.InsertAsync(insertStatement, rows, cancellationToken);

    public void Dispose()
    {
        // The fixture closes the engine at the end of the run.
    }
}
