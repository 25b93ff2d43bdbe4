using Cilium.Observer;
using Google.Protobuf.WellKnownTypes;
using NetObs.Hubble.Import;
using NetObs.Simulator.Options;
using NetObs.Simulator.Scenarios;

namespace NetObs.Simulator.Replay;

/// <summary>
/// Serves the flows of a `hubble observe -o jsonpb` capture. Times are shifted so that the newest
/// flow lands at the simulator's start: the capture becomes the buffers' recent history, and
/// `--since 5m`-style queries find it. Each node_name in the capture becomes a simulated node.
/// </summary>
public sealed class ReplaySource : IFlowSource
{
    private readonly ScheduledFlow[] _flows;
    private int _next;

    private ReplaySource(ScheduledFlow[] flows, IReadOnlyList<string> nodeNames)
    {
        _flows = flows;
        NodeNames = nodeNames;
    }

    /// <summary>The capture's node names (`cluster/node` or `node`), in order of first appearance.</summary>
    public IReadOnlyList<string> NodeNames { get; }

    public int Count => _flows.Length;

    public static ReplaySource Load(string path, long startUnixNanos)
    {
        List<GetFlowsResponse> responses;
        try
        {
            using var reader = File.OpenText(path);
            responses = [.. JsonpbFlowReader.Read(reader)];
        }
        catch (JsonpbImportException e)
        {
            throw new OptionsException($"--replay '{path}' {e.Message}; pass `hubble observe -o jsonpb` output.");
        }
        catch (IOException e)
        {
            throw new OptionsException($"--replay '{path}': cannot read the file ({e.Message}); pass a readable `hubble observe -o jsonpb` capture.");
        }

        return FromResponses(responses, startUnixNanos, path);
    }

    public static ReplaySource FromResponses(IEnumerable<GetFlowsResponse> responses, long startUnixNanos, string origin)
    {
        var flows = responses.Where(r => r.Flow is not null).Select(r => r.Flow).ToList();
        if (flows.Count == 0)
        {
            throw new OptionsException($"--replay '{origin}' holds no flow; pass a capture written by `hubble observe -o jsonpb`.");
        }

        var nodeNames = new List<string>();
        var nodeIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var newest = flows.Max(f => ToNanos(f.Time));
        var shift = startUnixNanos - newest;
        var scheduled = new List<ScheduledFlow>(flows.Count);
        foreach (var flow in flows)
        {
            var nodeName = flow.NodeName.Length > 0 ? flow.NodeName : "replay";
            if (!nodeIndex.TryGetValue(nodeName, out var index))
            {
                index = nodeNames.Count;
                nodeIndex[nodeName] = index;
                nodeNames.Add(nodeName);
            }

            var time = ToNanos(flow.Time) + shift;
            flow.Time = new Timestamp { Seconds = time / 1_000_000_000, Nanos = (int)(time % 1_000_000_000) };
            scheduled.Add(new ScheduledFlow(time, index, flow));
        }

        // A stable sort keeps the capture's order for equal times.
        return new ReplaySource([.. scheduled.OrderBy(f => f.TimeUnixNanos)], nodeNames);
    }

    public int GenerateUntil(long untilUnixNanos, Action<ScheduledFlow> sink)
    {
        var count = 0;
        while (_next < _flows.Length && _flows[_next].TimeUnixNanos <= untilUnixNanos)
        {
            sink(_flows[_next++]);
            count++;
        }

        return count;
    }

    private static long ToNanos(Timestamp? time) => time is null ? 0 : (time.Seconds * 1_000_000_000L) + time.Nanos;
}
