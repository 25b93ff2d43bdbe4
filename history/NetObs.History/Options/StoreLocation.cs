using NetObs.History.Storage.ClickHouse;

namespace NetObs.History.Options;

/// <summary>The kinds of store <c>--store</c> can name.</summary>
public enum StoreKind
{
    /// <summary><c>duckdb:PATH</c>: one embedded file.</summary>
    DuckDb,

    /// <summary><c>clickhouse://HOST:PORT/DB</c>: ClickHouse's HTTP interface.</summary>
    ClickHouse,
}

/// <summary>A parsed <c>--store</c> value: the kind and, for DuckDB, the full path of the file.</summary>
public sealed record StoreLocation(StoreKind Kind, string Uri, string? FilePath)
{
    /// <summary>The store the demo and the README's first command use: one DuckDB file in the working folder.</summary>
    public const string DefaultUri = "duckdb:netobs-history.duckdb";

    /// <summary>The URI as stdout and stderr show it: without a ClickHouse password, since pod logs are often shipped and read more widely than the secret that holds it.</summary>
    public string Display => Kind == StoreKind.ClickHouse ? ClickHouseStoreUri.Parse(Uri).Display : Uri;
}
