namespace NetObs.Generator.Configuration;

/// <summary>Maps our severity labels to Azure's 0–4 scale; Azure's own templates do not agree on one mapping, so it is configurable.</summary>
public sealed record AzureSeverityLevels
{
    [SettingPattern("^[0-4]$", "0, 1, 2, 3 or 4")]
    public string Critical { get; init; } = "";

    [SettingPattern("^[0-4]$", "0, 1, 2, 3 or 4")]
    public string Warning { get; init; } = "";

    [SettingPattern("^[0-4]$", "0, 1, 2, 3 or 4")]
    public string Info { get; init; } = "";
}
