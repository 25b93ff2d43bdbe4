using Cilium.Observer;
using NetObs.History.Observer;
using NetObs.History.Storage;

namespace NetObs.History.Import;

/// <summary>
/// Loads captures and exporter files into a store: flows in batches, lost events and corrupt lines as
/// gaps, and a report per file of lines read, flows stored and lines skipped with their numbers and reasons.
/// A bad line is reported, never fatal; a file that cannot be read is reported and the next file is loaded.
/// </summary>
public sealed class FlowFileImporter(IFlowStore store, string defaultCluster)
{
    private const int BatchSize = 8192;

    public async Task<ImportFileReport> ImportAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var skipped = new List<SkippedLine>();
        var batch = new List<StoredFlow>(BatchSize);
        long lines = 0, stored = 0, gaps = 0;
        long? lastFlowNs = null;
        var corruptSince = -1L;
        var corruptCount = 0;
        TextReader reader;
        try
        {
            reader = FlowFileOpener.Open(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ImportFileReport(path, 0, 0, 0, []) { FileProblem = $"'{path}' cannot be opened; check that it exists and that this user may read it." };
        }

        using (reader)
        {
            while (true)
            {
                string? line;
                try
                {
                    line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or InvalidDataException)
                {
                    skipped.Add(new SkippedLine(lines + 1, SkipReason.Corrupt,
                        $"line {lines + 1}: the file cannot be read on from here (a truncated or damaged gzip file?); the lines before it were imported"));
                    break;
                }

                if (line is null)
                {
                    break;
                }

                lines++;
                var (response, skip) = FlowLineClassifier.Classify(line, lines);
                if (skip is not null)
                {
                    skipped.Add(skip);
                    if (skip.Reason == SkipReason.Corrupt && corruptCount++ == 0)
                    {
                        corruptSince = lastFlowNs ?? 0;
                    }

                    continue;
                }

                if (response!.ResponseTypesCase == GetFlowsResponse.ResponseTypesOneofCase.LostEvents)
                {
                    await store.RecordGapAsync(LostEventsGap(response), cancellationToken).ConfigureAwait(false);
                    gaps++;
                    continue;
                }

                var flow = ToStoredFlow(response);
                lastFlowNs = flow.TimeNs;
                if (corruptCount > 0)
                {
                    await store.RecordGapAsync(CorruptGap(path, flow.Cluster, corruptSince, flow.TimeNs, corruptCount), cancellationToken).ConfigureAwait(false);
                    gaps++;
                    corruptCount = 0;
                }

                batch.Add(flow);
                if (batch.Count == BatchSize)
                {
                    await store.AppendAsync(batch, cancellationToken).ConfigureAwait(false);
                    stored += batch.Count;
                    batch = new List<StoredFlow>(BatchSize);
                }
            }
        }

        if (batch.Count > 0)
        {
            await store.AppendAsync(batch, cancellationToken).ConfigureAwait(false);
            stored += batch.Count;
        }

        if (corruptCount > 0)
        {
            var at = lastFlowNs ?? 0;
            await store.RecordGapAsync(CorruptGap(path, defaultCluster, corruptSince, at, corruptCount), cancellationToken).ConfigureAwait(false);
            gaps++;
        }

        return new ImportFileReport(path, lines, stored, gaps, skipped);
    }

    private StoredFlow ToStoredFlow(GetFlowsResponse response)
    {
        var flow = response.Flow;
        var node = flow.NodeName.Length > 0 ? flow.NodeName : response.NodeName;
        var timeNs = flow.Time is { } time ? FlowWindow.Nanos(time) : response.Time is { } responseTime ? FlowWindow.Nanos(responseTime) : 0;
        return new StoredFlow(ClusterOf(node), node, timeNs, flow, Google.Protobuf.MessageExtensions.ToByteArray(flow));
    }

    /// <summary>Hubble writes node names as <c>cluster/node</c> unless the cluster is called "default" (hubble-api.md §5.3).</summary>
    private string ClusterOf(string node)
    {
        var slash = node.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? node[..slash] : defaultCluster;
    }

    private FlowGap LostEventsGap(GetFlowsResponse response)
    {
        var lost = response.LostEvents;
        var at = response.Time is { } time ? FlowWindow.Nanos(time) : 0;
        return new FlowGap(ClusterOf(response.NodeName), response.NodeName,
            lost.First is { } first ? FlowWindow.Nanos(first) : at,
            lost.Last is { } last ? FlowWindow.Nanos(last) : at,
            (long)lost.NumEventsLost, FlowGapReason.LostEvents,
            $"the imported file reports {lost.NumEventsLost} lost events ({lost.Source}) on {(response.NodeName.Length > 0 ? response.NodeName : "an unnamed node")}");
    }

    private static FlowGap CorruptGap(string path, string cluster, long fromNs, long untilNs, int lines) =>
        new(cluster, "", fromNs, Math.Max(fromNs, untilNs), 0, FlowGapReason.ImportSkipped,
            $"{lines} unreadable line(s) of '{Path.GetFileName(path)}' were skipped between these times; the flows they held are unknown");
}
