using System.Diagnostics;
using System.Globalization;
using System.Text;
using NetObs.Hubble.Filtering;

namespace NetObs.Query.Tests.Fuzz;

/// <summary>What a fuzz run found: crashes, internal text in messages, oversized messages, gRPC-level errors and the slowest input.</summary>
internal sealed class FuzzReport
{
    /// <summary>Text that only .NET internals produce; none of it may reach a user.</summary>
    private static readonly string[] LeakMarkers =
    [
        "System.", "NetObs.", "Exception", "   at ", "LineNumber", "BytePositionInLine", "UTF-16 JSON text", "un-representable", "filter: filter:", "Parameter '",
    ];

    /// <summary>The longest message an input may produce: several problems of a few excerpts each, never the input itself.</summary>
    public const int MaxMessageLength = 4000;

    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public long Inputs { get; private set; }

    public List<string> Crashes { get; } = [];

    public List<string> Leaks { get; } = [];

    public List<string> Oversized { get; } = [];

    public List<string> RpcErrors { get; } = [];

    public TimeSpan Slowest { get; private set; }

    public string SlowestInput { get; private set; } = "";

    public void Check(string message, string input)
    {
        if (LeakMarkers.FirstOrDefault(m => message.Contains(m, StringComparison.Ordinal)) is { } marker)
        {
            Leaks.Add($"'{marker}' in: {TextExcerpt.Of(message, 300)} (input {TextExcerpt.Of(input, 200)})");
        }

        if (message.Length > MaxMessageLength)
        {
            Oversized.Add($"{message.Length} characters for input {TextExcerpt.Of(input, 200)}");
        }
    }

    public void Crash(string input, Exception error) =>
        Crashes.Add($"{error.GetType().Name}: {TextExcerpt.Of(error.Message, 200)} (input {TextExcerpt.Of(input, 200)}) {string.Join(" < ", (error.StackTrace ?? "").Split('\n').Take(4).Select(l => l.Trim()))}");

    public void Timed(string input, TimeSpan elapsed)
    {
        Inputs++;
        if (elapsed > Slowest)
        {
            Slowest = elapsed;
            SlowestInput = input;
        }
    }

    public string Summary(string title, string? memory = null)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{title}: {Inputs:N0} inputs in {_clock.Elapsed.TotalSeconds:0.0} s");
        text.AppendLine(CultureInfo.InvariantCulture, $"  crashes {Crashes.Count}, internal-text leaks {Leaks.Count}, oversized messages {Oversized.Count}, gRPC-level errors {RpcErrors.Count}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  slowest input {Slowest.TotalMilliseconds:0.0} ms: {TextExcerpt.Of(SlowestInput, 120)}");
        if (memory is not null)
        {
            text.AppendLine("  " + memory);
        }

        foreach (var line in Crashes.Concat(Leaks).Concat(Oversized).Concat(RpcErrors).Take(20))
        {
            text.AppendLine("  " + line);
        }

        return text.ToString();
    }
}
