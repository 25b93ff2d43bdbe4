namespace NetObs.Simulator.Export;

/// <summary>What an export wrote, for its one line on stdout.</summary>
public sealed record ExportSummary(string File, long Flows, DateTimeOffset From, DateTimeOffset Until, IncidentWindow Incident)
{
    /// <summary>The line `export` prints; the demo and scripts may parse it.</summary>
    public string Line =>
        $"NetObs simulator exported {Flows} flows from {From:yyyy-MM-ddTHH:mm:ssZ} to {Until:yyyy-MM-ddTHH:mm:ssZ} into {File}; " +
        $"incident: {PolicyRolloutIncident.PolicyNamespace}/{PolicyRolloutIncident.PolicyName} denies pets/store-admin → pets/product-service " +
        $"from {IncidentWindow.ToTime(Incident.Start):yyyy-MM-ddTHH:mm:ssZ} to {IncidentWindow.ToTime(Incident.End):yyyy-MM-ddTHH:mm:ssZ}";
}
