using NetObs.History.V1;

namespace NetObs.Query.History;

/// <summary>The words for a stored gap's reason, as notices and the coverage table show them.</summary>
public static class GapReasons
{
    public static string Name(GapReason reason) => reason switch
    {
        GapReason.RelayUnavailable => "relay unavailable",
        GapReason.LostEvents => "lost events",
        GapReason.DroppedWrites => "dropped writes",
        GapReason.ImportSkipped => "import skipped",
        _ => "unknown",
    };
}
