namespace NetObs.History.Storage;

/// <summary>A store failure with a message for the user: what failed, where, and how to fix it.</summary>
public sealed class FlowStoreException : Exception
{
    public FlowStoreException(string message)
        : base(message)
    {
    }

    public FlowStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// The write was sent but its answer never came (the connection broke or timed out mid-request), so it may have
    /// been stored; false when the store answered with an error or the request never left (connection refused).
    /// </summary>
    public bool OutcomeUnknown { get; init; }
}
