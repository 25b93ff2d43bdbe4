using NetObs.Testing.Frames;

namespace NetObs.Demo.Plugin;

/// <summary>What one query returned: its frames, or the per-query error and status Grafana would show.</summary>
internal sealed record QueryOutcome(IReadOnlyList<DecodedFrame> Frames, string? Error, int Status)
{
    public bool Failed => Error is not null;

    public int TotalRows => Frames.Sum(f => f.RowCount);
}
