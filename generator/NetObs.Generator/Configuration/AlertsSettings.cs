namespace NetObs.Generator.Configuration;

/// <summary>The alert-rule section of the configuration (issue 5 fills in the rules and thresholds).</summary>
public sealed record AlertsSettings
{
    /// <summary>Where each alert's runbook_url points: this base plus the alert name.</summary>
    public string RunbookBaseUrl { get; init; } = "";

    /// <summary>Labels added to every alert (for routing), e.g. team: platform.</summary>
    public IReadOnlyDictionary<string, string> ExtraLabels { get; init; } = new Dictionary<string, string>();
}
