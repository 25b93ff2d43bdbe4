using NetObs.Grafana.Frames;

namespace NetObs.Grafana;

/// <summary>A Grafana Live request on channel <c>ds/&lt;uid&gt;/&lt;Path&gt;</c>.</summary>
public sealed record StreamRequest(
    PluginContext PluginContext,
    string Path,
    ReadOnlyMemory<byte> Data,
    IReadOnlyDictionary<string, string> Headers);

/// <summary>Stream verdicts (note: OK is 0 here, unlike health status).</summary>
public enum StreamStatus
{
    Ok = 0,
    NotFound = 1,
    PermissionDenied = 2,
}

/// <summary>The answer to a subscribe or publish; <see cref="Data"/> is JSON (for frame streams, a schema-only frame).</summary>
public sealed record StreamResult(StreamStatus Status, ReadOnlyMemory<byte> Data = default)
{
    public static StreamResult Ok(DataFrame? initialFrame = null) =>
        new(StreamStatus.Ok, initialFrame is null ? default : JsonFrameWriter.Write(initialFrame, FrameInclude.SchemaOnly));
}

/// <summary>Sends packets of a running stream; each packet is one JSON value.</summary>
public interface IStreamPacketSender
{
    Task SendFrameAsync(DataFrame frame, FrameInclude include, CancellationToken cancellationToken);

    Task SendJsonAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken);
}

/// <summary>Serves Grafana Live streams: authorise subscriptions, run one producer per channel, accept publishes.</summary>
public interface IStreamHandler
{
    Task<StreamResult> SubscribeStreamAsync(StreamRequest request, CancellationToken cancellationToken);

    /// <summary>Runs while the channel has subscribers; <paramref name="cancellationToken"/> fires when the last one leaves.</summary>
    Task RunStreamAsync(StreamRequest request, IStreamPacketSender sender, CancellationToken cancellationToken);

    Task<StreamResult> PublishStreamAsync(StreamRequest request, CancellationToken cancellationToken);
}
