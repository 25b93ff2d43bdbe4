namespace NetObs.Simulator.Options;

/// <summary>What `NetObs.Simulator export` writes: the scenarios of a run, over a past period, as a Hubble exporter file.</summary>
public sealed record ExportOptions
{
    /// <summary>The exporter file to write; a name ending in .gz is gzip-compressed, as rotated exporter files are.</summary>
    public required string OutputFile { get; init; }

    /// <summary>How far back from the end the history reaches.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromHours(6);

    /// <summary>The scenarios, seed, nodes, rate and cluster, read as a simulator run reads them.</summary>
    public SimulatorOptions Scenarios { get; init; } = new();

    /// <summary>How long before the end the incident's policy starts denying.</summary>
    public TimeSpan IncidentAgo { get; init; } = TimeSpan.FromHours(4);

    /// <summary>How long it denies before it is rolled back.</summary>
    public TimeSpan IncidentLength { get; init; } = TimeSpan.FromMinutes(20);
}
