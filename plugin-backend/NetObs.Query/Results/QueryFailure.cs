namespace NetObs.Query.Results;

/// <summary>Who caused a failure: the query or plugin (fix the query), or the relay downstream (check the relay).</summary>
public enum FailureSource
{
    Plugin,
    Downstream,
}

/// <summary>A query that could not run, with a message that names the cause and the fix.</summary>
public sealed class QueryFailure(string message, FailureSource source, int status, Exception? inner = null) : Exception(message, inner)
{
    public FailureSource FailureSource { get; } = source;

    /// <summary>HTTP-like status: 400 for bad queries, 502/504 for relay failures.</summary>
    public int Status { get; } = status;

    /// <summary>For faults of the plugin itself: the reference the message quotes, to log with the exception.</summary>
    public string? LogReference { get; init; }
}
