namespace NetObs.Generator.Configuration;

/// <summary>The time range and refresh the dashboards open with.</summary>
public sealed record TimeSettings
{
    [SettingPattern(@"^now(-[0-9]+[smhdwMy])?(/[smhdwMy])?$", "a Grafana relative time such as now-30m or now")]
    public string From { get; init; } = "";

    [SettingPattern(@"^now(-[0-9]+[smhdwMy])?(/[smhdwMy])?$", "a Grafana relative time such as now-30m or now")]
    public string To { get; init; } = "";

    /// <summary>Auto-refresh interval; empty keeps auto-refresh off.</summary>
    [SettingPattern(@"^([0-9]+[smhd])?$", "empty or a duration such as 30s or 1m")]
    public string Refresh { get; init; } = "";
}
