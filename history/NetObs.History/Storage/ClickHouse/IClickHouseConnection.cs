namespace NetObs.History.Storage.ClickHouse;

/// <summary>
/// One ClickHouse server as the store talks to it: a statement in, the raw reply out (the statement names its
/// output format). Production uses the HTTP interface; the tests run the same statements on chDB in process.
/// </summary>
public interface IClickHouseConnection : IDisposable
{
    /// <summary>host:port (or another short name) for messages.</summary>
    string Address { get; }

    /// <summary>Runs one statement and returns the reply body; throws <see cref="FlowStoreException"/> on failure.</summary>
    Task<byte[]> QueryAsync(string sql, CancellationToken cancellationToken);

    /// <summary>Runs <c>INSERT … FORMAT TabSeparated</c> with <paramref name="rows"/> as its data.</summary>
    Task InsertAsync(string insertStatement, ReadOnlyMemory<byte> rows, CancellationToken cancellationToken);
}
