namespace NetObs.Generator.Configuration;

/// <summary>Options of the Grafana-managed alert provisioning file.</summary>
public sealed record GrafanaAlertSettings
{
    /// <summary>The Grafana folder the rule groups are filed under (created by provisioning when missing).</summary>
    public string Folder { get; init; } = "";

    /// <summary>How far back the flow-based rules look at Hubble's flows, e.g. 10m.</summary>
    [SettingPattern("^[0-9]+[smh]$", "a Prometheus duration such as 10m")]
    public string FlowWindow { get; init; } = "";

    /// <summary>What a rule reports when its query returns nothing: OK, NoData or Alerting.</summary>
    [SettingPattern("^(OK|NoData|Alerting)$", "OK, NoData or Alerting")]
    public string NoDataState { get; init; } = "";

    /// <summary>What a rule reports when its query fails: OK, Error or Alerting.</summary>
    [SettingPattern("^(OK|Error|Alerting)$", "OK, Error or Alerting")]
    public string ExecErrState { get; init; } = "";
}
