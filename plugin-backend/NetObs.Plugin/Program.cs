using Microsoft.Extensions.Logging;
using NetObs.Grafana;
using NetObs.Grafana.Hosting;
using NetObs.Plugin;
using NetObs.Query.Streaming;

var channels = new LiveChannelRegistry(LiveChannelRegistry.DefaultCapacity);

return await PluginHost.RunAsync(
    args,
    logging => PluginHandlers.PerDataSource(settings => new HubbleDataSource(settings, channels, logging.CreateLogger<HubbleDataSource>())),
    new PluginHostOptions(HubbleDataSource.PluginId) { MetricsPrefix = "netobs" });
