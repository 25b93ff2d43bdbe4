namespace NetObs.Generator.Configuration;

/// <summary>What a user can tune on one alert without editing its template.</summary>
public sealed record AlertRuleSettings
{
    /// <summary>False leaves the alert out of every output (its runbook is still written).</summary>
    public bool Enabled { get; init; } = true;

    public AlertSeverity Severity { get; init; } = AlertSeverity.Warning;

    /// <summary>How long the condition must hold before the alert fires, e.g. 10m; 0s fires at once.</summary>
    [SettingPattern("^[0-9]+[smh]$", "a Prometheus duration such as 10m or 0s")]
    public string For { get; init; } = "";

    /// <summary>The value the alert compares against (a ratio, a rate per second or a factor; see the alert's comment).</summary>
    public double Threshold { get; init; }

    /// <summary>The traffic guard: the rate per second the denominator must exceed before a ratio counts (0 = no guard).</summary>
    public double MinRate { get; init; }
}
