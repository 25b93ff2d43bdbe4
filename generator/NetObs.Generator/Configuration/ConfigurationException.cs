namespace NetObs.Generator.Configuration;

/// <summary>The configuration could not be used; every problem found is listed, not only the first.</summary>
public sealed class ConfigurationException(IReadOnlyList<ConfigurationError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<ConfigurationError> Errors { get; } = errors;
}
