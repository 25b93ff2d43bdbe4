namespace NetObs.Grafana.Queries;

/// <summary>A failure of one query that Grafana should show for that query only, with its source and status.</summary>
public sealed class QueryException : Exception
{
    public QueryException(string message, ErrorSource source, int status = 0, Exception? innerException = null)
        : base(message, innerException)
    {
        Source = source;
        Status = status;
    }

    public new ErrorSource Source { get; }

    public int Status { get; }
}
