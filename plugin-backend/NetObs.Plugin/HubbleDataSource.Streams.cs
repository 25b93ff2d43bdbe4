using Microsoft.Extensions.Logging;
using NetObs.Grafana;
using NetObs.Grafana.Frames;
using NetObs.Hubble.Relay;
using NetObs.Plugin.QueryTypes.Flows;
using NetObs.Query.Model;
using NetObs.Query.Queries;
using NetObs.Query.Streaming;

namespace NetObs.Plugin;

/// <summary>
/// Grafana Live: a streamed flows query's answer names a <c>flows/&lt;128-bit hash&gt;</c> channel in <c>meta.channel</c>;
/// the channel streams new flows of exactly that query's filter, found in the process-wide
/// <see cref="LiveChannelRegistry"/>, and any other channel is refused.
/// </summary>
internal sealed partial class HubbleDataSource
{
    public Task<StreamResult> SubscribeStreamAsync(StreamRequest request, CancellationToken cancellationToken)
    {
        if (_tail is null || StreamFilter(request) is null)
        {
            return Task.FromResult(new StreamResult(StreamStatus.NotFound));
        }

        return Task.FromResult(StreamResult.Ok(FlowsFrameBuilder.BuildFrame("flows", [])));
    }

    public async Task RunStreamAsync(StreamRequest request, IStreamPacketSender sender, CancellationToken cancellationToken)
    {
        if (_tail is null || _relay is null || _settings.Settings is not { } settings)
        {
            throw new StreamException(StreamFailure.InvalidSettings, _settings.ErrorMessage + " Fix them in the data source's settings page.");
        }

        var filter = StreamFilter(request) ?? throw new StreamException(
            StreamFailure.UnknownChannel,
            $"Live channel '{Excerpt(request.Path)}' belongs to no query this plugin answered (it may have restarted since); refresh the panel to run the query again.");

        _logger.LogInformation("Live tail {Path} started for filter '{Filter}'", request.Path, filter.Text);
        var first = true;
        long sent = 0;
        try
        {
            await foreach (var batch in _tail.FollowAsync(filter, cancellationToken).ConfigureAwait(false))
            {
                var frame = FlowsFrameBuilder.BuildFrame("flows", batch);
                await sender.SendFrameAsync(frame, first ? FrameInclude.All : FrameInclude.DataOnly, cancellationToken).ConfigureAwait(false);
                first = false;
                sent += batch.Count;
            }
        }
        catch (RelayException e)
        {
            throw new StreamException(StreamFailure.DownstreamUnavailable, Ended(RelayFailures.Describe(e).Message, _relay.ServerKind), e);
        }
        finally
        {
            _logger.LogInformation("Live tail {Path} stopped after {Flows} flows", request.Path, sent);
        }

        // A followed stream has no end of its own: the server closed it, e.g. while shutting down. A NetObs history server
        // serves the same stream as Hubble Relay; the flows query that made this channel probed which one answers.
        cancellationToken.ThrowIfCancellationRequested();
        throw new StreamException(StreamFailure.DownstreamUnavailable, Ended($"{_relay.ServerKind} at {settings.Address} closed the live stream.", _relay.ServerKind));
    }

    public Task<StreamResult> PublishStreamAsync(StreamRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new StreamResult(StreamStatus.PermissionDenied));

    /// <summary>
    /// The channel of a streamed query's answer (<c>ds/&lt;uid&gt;/flows/&lt;hash&gt;</c>), or null when the hash
    /// already names another filter: two filters never share a channel, so that query answers without one.
    /// </summary>
    private string? LiveChannel(CompiledFilter filter)
    {
        if (_channels.Register(filter) is { } path)
        {
            return $"ds/{_instance.Uid}/{path}";
        }

        _logger.LogWarning("Live channel of filter '{Filter}' collides with another filter's; the query answers without live updates", filter.Text);
        return null;
    }

    private static string Ended(string cause, string server) => $"{cause} The live stream ended; Grafana subscribes again, and flows resume once the {server} answers.";

    /// <summary>
    /// The filter the channel streams. Grafana subscribes to <c>meta.channel</c> without data, so the path alone names
    /// the filter through the registry. Data, when a client sends it, must be a query whose filter has this very path.
    /// </summary>
    private CompiledFilter? StreamFilter(StreamRequest request)
    {
        if (!request.Path.StartsWith(LiveChannelPath.Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        if (request.Data.IsEmpty)
        {
            return _channels.Find(request.Path);
        }

        var parsed = QueryParser.Parse("stream", request.Data.Span);
        if (parsed.Query?.Filter is not { } filter || !string.Equals(LiveChannelPath.Of(filter.Text), request.Path, StringComparison.Ordinal))
        {
            return null;
        }

        return string.Equals(_channels.Register(filter), request.Path, StringComparison.Ordinal) ? filter : null;
    }

    private static string Excerpt(string path) => path.Length <= 80 ? path : string.Concat(path.AsSpan(0, 77), "...");
}
