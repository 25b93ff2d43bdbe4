namespace NetObs.Hubble.Relay;

/// <summary>A failed call to Hubble Relay with the kind of failure and a sentence naming the cause.</summary>
public sealed class RelayException : Exception
{
    public RelayException(RelayFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    public RelayException()
    {
    }

    public RelayException(string message)
        : base(message)
    {
    }

    public RelayException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The kind of failure.</summary>
    public RelayFailure Failure { get; } = RelayFailure.Other;
}
