namespace NetObs.History.Storage.DuckDb;

/// <summary>
/// Splits a batch into runs of consecutive flows that share one compressed block: at most
/// <see cref="OriginalBlockCodec.FlowsPerBlock"/> flows, all of one UTC day, so retention can drop blocks by day.
/// </summary>
internal static class OriginalBlocks
{
    public readonly record struct Run(int Start, int Count);

    public static IReadOnlyList<Run> Plan(IReadOnlyList<StoredFlow> flows)
    {
        var runs = new List<Run>((flows.Count / OriginalBlockCodec.FlowsPerBlock) + 1);
        var start = 0;
        while (start < flows.Count)
        {
            var day = FlowColumnValues.Day(flows[start].TimeNs);
            var end = start + 1;
            while (end < flows.Count && end - start < OriginalBlockCodec.FlowsPerBlock && FlowColumnValues.Day(flows[end].TimeNs) == day)
            {
                end++;
            }

            runs.Add(new Run(start, end - start));
            start = end;
        }

        return runs;
    }
}
