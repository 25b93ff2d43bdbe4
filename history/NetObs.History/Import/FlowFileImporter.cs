using System.Threading.Channels;
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
    /// <summary>Flows per store write: large batches amortize the store's transaction; two are held at most (one written, one filled).</summary>
    private const int BatchSize = 16_384;

    /// <summary>Lines parsed together on one thread-pool thread.</summary>
    private const int ChunkLines = 1024;

    /// <summary>Chunks read ahead of the writer, bounding memory to about this many times <see cref="ChunkLines"/> parsed lines.</summary>
    private static readonly int ChunksInFlight = Math.Max(4, Environment.ProcessorCount * 4);

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

        // Lines are read on one thread and parsed in chunks on every core; the chunks are taken back in file order, so
        // the report, the gaps and the store's batches are exactly those of reading the file line by line.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var chunks = Channel.CreateBounded<Task<ParsedChunk>>(new BoundedChannelOptions(ChunksInFlight) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() => ReadChunksAsync(reader, chunks.Writer, stop.Token), CancellationToken.None);
        var writing = Task.FromResult(0);
        try
        {
            await foreach (var pending in chunks.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var chunk = await pending.ConfigureAwait(false);
                foreach (var line in chunk.Lines)
                {
                    lines++;
                    if (line.Skipped is { } skip)
                    {
                        skipped.Add(skip);
                        if (skip.Reason == SkipReason.Corrupt && corruptCount++ == 0)
                        {
                            corruptSince = lastFlowNs ?? 0;
                        }

                        continue;
                    }

                    if (line.LostEvents is { } lost)
                    {
                        await store.RecordGapAsync(LostEventsGap(lost), cancellationToken).ConfigureAwait(false);
                        gaps++;
                        continue;
                    }

                    var flow = line.Flow!;
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
                        // The store writes one batch while the next is parsed: wait for the previous write only now.
                        stored += await writing.ConfigureAwait(false);
                        writing = AppendAsync(batch, cancellationToken);
                        batch = new List<StoredFlow>(BatchSize);
                    }
                }

                if (chunk.ReadFailed)
                {
                    skipped.Add(new SkippedLine(lines + 1, SkipReason.Corrupt,
                        $"line {lines + 1}: the file cannot be read on from here (a truncated or damaged gzip file?); the lines before it were imported"));
                }
            }
        }
        finally
        {
            // A failing store write ends the import early: stop the reader and wait for it, so the file is closed on return.
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            reader.Dispose();

            // Never return while the store is still writing; on success its outcome is taken below.
            await ((Task)writing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        stored += await writing.ConfigureAwait(false);
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

    private async Task<int> AppendAsync(List<StoredFlow> batch, CancellationToken cancellationToken)
    {
        await store.AppendAsync(batch, cancellationToken).ConfigureAwait(false);
        return batch.Count;
    }

    /// <summary>Reads the file a chunk of lines at a time and starts parsing each chunk; a read error ends the file after the lines before it.</summary>
    private async Task ReadChunksAsync(TextReader reader, ChannelWriter<Task<ParsedChunk>> chunks, CancellationToken cancellationToken)
    {
        try
        {
            long firstLine = 1;
            var end = false;
            while (!end)
            {
                var texts = new List<string>(ChunkLines);
                var readFailed = false;
                while (texts.Count < ChunkLines)
                {
                    string? text;
                    try
                    {
                        text = reader.ReadLine();
                    }
                    catch (Exception e) when (e is IOException or InvalidDataException)
                    {
                        readFailed = true;
                        break;
                    }

                    if (text is null)
                    {
                        end = true;
                        break;
                    }

                    texts.Add(text);
                }

                end |= readFailed;
                var number = firstLine;
                firstLine += texts.Count;
                await chunks.WriteAsync(Task.Run(() => Parse(texts, number, readFailed), cancellationToken), cancellationToken).ConfigureAwait(false);
            }

            chunks.Complete();
        }
        catch (Exception e)
        {
            chunks.Complete(e);
        }
    }

    private ParsedChunk Parse(List<string> texts, long firstLine, bool readFailed)
    {
        var parsed = new ParsedLine[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            var (response, skip) = FlowLineClassifier.Classify(texts[i], firstLine + i);
            parsed[i] = skip is not null ? new ParsedLine(null, null, skip)
                : response!.ResponseTypesCase == GetFlowsResponse.ResponseTypesOneofCase.LostEvents ? new ParsedLine(null, response, null)
                : new ParsedLine(ToStoredFlow(response), null, null);
        }

        return new ParsedChunk(parsed, readFailed);
    }

    /// <summary>One line, parsed: a flow ready for the store, a lost-events response, or why it was skipped.</summary>
    private readonly record struct ParsedLine(StoredFlow? Flow, GetFlowsResponse? LostEvents, SkippedLine? Skipped);

    /// <summary>Consecutive lines of the file, parsed; <c>ReadFailed</c> when the file could not be read past them.</summary>
    private sealed record ParsedChunk(ParsedLine[] Lines, bool ReadFailed);

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
