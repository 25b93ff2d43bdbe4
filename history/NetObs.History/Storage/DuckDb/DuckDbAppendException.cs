namespace NetObs.History.Storage.DuckDb;

/// <summary>DuckDB refused a step of <see cref="DuckDbChunkAppender"/>; the message is DuckDB's (DuckDB.NET's own exception cannot be created outside it).</summary>
internal sealed class DuckDbAppendException : Exception
{
    public DuckDbAppendException(string message)
        : base(message)
    {
    }
}
