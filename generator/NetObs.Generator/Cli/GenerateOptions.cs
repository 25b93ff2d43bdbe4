namespace NetObs.Generator.Cli;

/// <summary>What the command line asked for.</summary>
public sealed record GenerateOptions
{
    public string? OutputFolder { get; init; }

    public string? ConfigFile { get; init; }

    /// <summary>A repository root to read templates from instead of the embedded copy.</summary>
    public string? TemplatesRoot { get; init; }

    public bool ValidateOnly { get; init; }

    public bool ShowHelp { get; init; }

    public bool PrintDefaults { get; init; }
}
