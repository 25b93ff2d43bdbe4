using Microsoft.Extensions.Logging;
using NetObs.Grafana;
using NetObs.Grafana.Frames;
using NetObs.Plugin.Frames;
using NetObs.Query.Model;

namespace NetObs.Plugin;

/// <summary>Grafana Live: <c>flows/&lt;hash&gt;</c> channels stream new flows of the subscribed query's filter in batches.</summary>
internal sealed partial class HubbleDataSource
{
    public Task<StreamResult> SubscribeStreamAsync(StreamRequest request, CancellationToken cancellationToken)
    {
        if (!request.Path.StartsWith("flows/", StringComparison.Ordinal) || _tail is null || StreamFilter(request) is null)
        {
            return Task.FromResult(new StreamResult(StreamStatus.NotFound));
        }

        return Task.FromResult(StreamResult.Ok(FlowsFrameBuilder.BuildFrame("flows", [])));
    }

    public async Task RunStreamAsync(StreamRequest request, IStreamPacketSender sender, CancellationToken cancellationToken)
    {
        var filter = StreamFilter(request);
        if (_tail is null || filter is null)
        {
            throw new InvalidOperationException($"Stream '{request.Path}' has no valid query; subscribe with the query JSON as data.");
        }

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
        finally
        {
            _logger.LogInformation("Live tail {Path} stopped after {Flows} flows", request.Path, sent);
        }
    }

    public Task<StreamResult> PublishStreamAsync(StreamRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new StreamResult(StreamStatus.PermissionDenied));

    /// <summary>The filter of the query JSON sent as the subscription's data (an empty body follows every flow).</summary>
    private static CompiledFilter? StreamFilter(StreamRequest request)
    {
        if (request.Data.IsEmpty)
        {
            return CompiledFilter.Everything;
        }

        var parsed = QueryParser.Parse("stream", request.Data.Span);
        return parsed.Query?.Filter;
    }
}
