namespace NetObs.Hubble.FlowValues;

/// <summary>
/// Flow, drop and L7-error counts of one service-map node or edge, with the counting rule that the plugin's
/// in-memory aggregator and the history store's SQL service map share: a dropped (or errored) flow counts as dropped,
/// and only a flow that was not dropped can count as an L7 error.
/// </summary>
public class ServiceMapCounts
{
    public long Flows { get; private set; }

    public long Dropped { get; private set; }

    public long L7Errors { get; private set; }

    /// <summary>Counts <paramref name="flows"/> flows that share the same verdict class and L7 outcome.</summary>
    public void Count(long flows, bool dropped, bool l7Error)
    {
        Flows += flows;
        if (dropped)
        {
            Dropped += flows;
        }
        else if (l7Error)
        {
            L7Errors += flows;
        }
    }
}
