namespace NetObs.History.Import;

/// <summary>What the import did with one file: lines read, flows stored, gaps recorded, and each skipped line with why.</summary>
public sealed record ImportFileReport(string File, long LinesRead, long FlowsStored, long GapsRecorded, IReadOnlyList<SkippedLine> Skipped)
{
    /// <summary>Why the whole file could not be read (missing, unreadable, not gzip), or null.</summary>
    public string? FileProblem { get; init; }
}

/// <summary>A line that was not stored as a flow: its 1-based number, the kind of reason, and a sentence.</summary>
public sealed record SkippedLine(long LineNumber, SkipReason Reason, string Detail);

/// <summary>Why a line was not stored as a flow.</summary>
public enum SkipReason
{
    /// <summary>An empty line.</summary>
    Blank,

    /// <summary>Not JSON, or JSON that is not a Hubble event; the detail says what is wrong.</summary>
    Corrupt,

    /// <summary>An agent event of an exporter file (GetFlows never carries these).</summary>
    AgentEvent,

    /// <summary>A debug event of an exporter file.</summary>
    DebugEvent,

    /// <summary>A relay node-status message.</summary>
    NodeStatus,
}
