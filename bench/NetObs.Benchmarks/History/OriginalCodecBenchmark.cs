using System.Diagnostics;
using Google.Protobuf;
using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;

namespace NetObs.Benchmarks.History;

/// <summary>
/// The originals' block codec at the store's quality against the quality it used before, on the same simulator flows
/// in one run: compressed bytes per flow, and compression and decompression time per flow on one thread. The ingest
/// runs on two busy cores, so the compression's CPU per flow is taken from the same budget as the rows.
/// </summary>
internal static class OriginalCodecBenchmark
{
    public sealed record Result(int Quality, double BytesPerFlow, double RawBytesPerFlow, double EncodeMicroseconds, double DecodeMicroseconds);

    /// <summary>The quality the store used before <see cref="OriginalBlockCodec.DefaultQuality"/>.</summary>
    public const int EarlierQuality = 4;

    public static IReadOnlyList<Result> Measure(SimulatorFlowSet set)
    {
        var flows = set.Flows.Select(f => new StoredFlow("default", f.NodeName, SimulatorFlowSet.TimeOf(f), f, f.ToByteArray())).ToList();
        var blocks = flows.Count / OriginalBlockCodec.FlowsPerBlock;
        var measured = blocks * OriginalBlockCodec.FlowsPerBlock;
        var raw = flows.Take(measured).Sum(f => (long)f.Original.Length) / (double)measured;
        var best = new Dictionary<int, Result>();

        // Alternating rounds, best of three each, so a burst of load elsewhere does not land on one quality only.
        for (var round = 0; round < 3; round++)
        {
            foreach (var quality in new[] { OriginalBlockCodec.DefaultQuality, EarlierQuality })
            {
                var encoded = new byte[blocks][];
                var watch = Stopwatch.StartNew();
                for (var b = 0; b < blocks; b++)
                {
                    encoded[b] = OriginalBlockCodec.Encode(flows, b * OriginalBlockCodec.FlowsPerBlock, OriginalBlockCodec.FlowsPerBlock, quality);
                }

                var encode = watch.Elapsed;
                watch.Restart();
                foreach (var block in encoded)
                {
                    if (OriginalBlockCodec.Decode(block).Available != OriginalBlockCodec.FlowsPerBlock)
                    {
                        throw new InvalidOperationException("A block did not decode whole.");
                    }
                }

                var decode = watch.Elapsed;
                var result = new Result(quality, encoded.Sum(b => (long)b.Length) / (double)measured, raw,
                    encode.TotalMicroseconds / measured, decode.TotalMicroseconds / measured);
                best[quality] = best.TryGetValue(quality, out var previous)
                    ? result with { EncodeMicroseconds = Math.Min(result.EncodeMicroseconds, previous.EncodeMicroseconds), DecodeMicroseconds = Math.Min(result.DecodeMicroseconds, previous.DecodeMicroseconds) }
                    : result;
            }
        }

        return [best[OriginalBlockCodec.DefaultQuality], best[EarlierQuality]];
    }

    public static void Print(IReadOnlyList<Result> results)
    {
        var (now, before) = (results[0], results[1]);
        Console.WriteLine($"  originals codec ({OriginalBlockCodec.FlowsPerBlock} flows a block, {now.RawBytesPerFlow:N0} raw bytes per flow), Brotli quality {now.Quality} against {before.Quality} before, one thread, best of three:");
        foreach (var r in results)
        {
            Console.WriteLine($"    quality {r.Quality}: {r.BytesPerFlow:N1} bytes per flow, compress {r.EncodeMicroseconds:N2} µs per flow, decompress {r.DecodeMicroseconds:N2} µs per flow");
        }

        Console.WriteLine($"    quality {now.Quality} against {before.Quality}: compress {before.EncodeMicroseconds / now.EncodeMicroseconds:N1}x faster, {now.BytesPerFlow - before.BytesPerFlow:+0.0;-0.0} bytes per flow");
    }
}
