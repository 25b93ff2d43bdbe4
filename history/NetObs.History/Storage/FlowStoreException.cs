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
}
