namespace NetObs.Hubble.Evaluation;

/// <summary>A FlowFilter that Hubble's server would refuse; the message reads like the server's error.</summary>
public sealed class InvalidFlowFilterException : Exception
{
    public InvalidFlowFilterException(string message)
        : base(message)
    {
    }

    public InvalidFlowFilterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidFlowFilterException()
    {
    }
}
