namespace NetObs.History.Options;

/// <summary>A command-line value netobs-history cannot use; the message names the flag, the value and the fix.</summary>
public sealed class OptionsException : Exception
{
    public OptionsException(string message)
        : base(message)
    {
    }

    public OptionsException()
    {
    }

    public OptionsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
