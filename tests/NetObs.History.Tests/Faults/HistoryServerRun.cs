using System.Globalization;
using Cilium.Observer;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using NetObs.Testing.History;

namespace NetObs.History.Tests.Faults;

/// <summary>
/// netobs-history as its own process (NetObs.Testing's <see cref="HistoryProcess"/>) following the simulator as cluster
/// "sim" over a DuckDB file, as an operator runs it, and what it serves through its observer API.
/// </summary>
internal static class HistoryServerRun
{
    /// <summary>
    /// Starts the server; with <paramref name="fileSizeLimitBytes"/> no file it writes may grow past that size (a full disk).
    /// Its stdout and stderr go to <paramref name="logFile"/>.
    /// </summary>
    public static Task<HistoryProcess> StartAsync(string relay, string file, string logFile, long? fileSizeLimitBytes = null, int bufferFlows = 1_000_000) =>
        HistoryProcess.StartAsync(
            executable: null,
            ["--relay", $"sim={relay}", "--store", $"duckdb:{file}", "--listen", "127.0.0.1:0", "--buffer-flows", bufferFlows.ToString(CultureInfo.InvariantCulture)],
            logFile,
            fileSizeLimitBytes,
            CancellationToken.None);

    /// <summary>What the server reports it stores (ServerStatus's flow count).</summary>
    public static async Task<ulong> StoredFlowsAsync(this HistoryProcess server)
    {
        using var channel = GrpcChannel.ForAddress($"http://{server.Address}");
        return (await new Cilium.Observer.Observer.ObserverClient(channel).ServerStatusAsync(new ServerStatusRequest())).NumFlows;
    }

    /// <summary>The UUID of every flow GetFlows returns from the start of time, in the order served (a flow served twice comes twice).</summary>
    public static async Task<List<string>> ServedUuidsAsync(this HistoryProcess server)
    {
        using var channel = GrpcChannel.ForAddress($"http://{server.Address}");
        var uuids = new List<string>();
        using var call = new Cilium.Observer.Observer.ObserverClient(channel).GetFlows(new GetFlowsRequest { Since = new Timestamp() });
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (call.ResponseStream.Current.Flow is { } flow)
            {
                uuids.Add(flow.Uuid);
            }
        }

        return uuids;
    }

    /// <summary>The lines of the log the process is still writing (stderr as written, stdout prefixed "[stdout] ").</summary>
    public static string[] LogLines(string logFile)
    {
        using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
