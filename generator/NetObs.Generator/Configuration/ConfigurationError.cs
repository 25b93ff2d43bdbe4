namespace NetObs.Generator.Configuration;

/// <summary>One problem in a configuration file, with the place it was found.</summary>
public sealed record ConfigurationError(string File, long Line, long Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
