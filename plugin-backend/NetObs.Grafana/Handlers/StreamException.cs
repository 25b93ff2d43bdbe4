namespace NetObs.Grafana;

/// <summary>Why a running stream ended early; each maps to the gRPC status Grafana logs for the channel.</summary>
public enum StreamFailure
{
    /// <summary>The channel names no stream this plugin can serve (gRPC NotFound).</summary>
    UnknownChannel,

    /// <summary>The data source cannot stream until its settings are fixed (gRPC FailedPrecondition).</summary>
    InvalidSettings,

    /// <summary>The downstream service failed or went away; subscribing again may succeed (gRPC Unavailable).</summary>
    DownstreamUnavailable,
}

/// <summary>Ends a running stream with a sentence for the user instead of an opaque "Exception was thrown by handler".</summary>
public sealed class StreamException : Exception
{
    public StreamException(StreamFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    public StreamException()
    {
    }

    public StreamException(string message)
        : base(message)
    {
    }

    public StreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The kind of failure.</summary>
    public StreamFailure Failure { get; } = StreamFailure.DownstreamUnavailable;
}
