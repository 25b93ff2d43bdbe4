using Microsoft.Extensions.Logging;
using NetObs.Grafana;
using NetObs.Grafana.Hosting;
using NetObs.Plugin;

return await PluginHost.RunAsync(
    args,
    logging => PluginHandlers.PerDataSource(settings => new HubbleDataSource(settings, logging.CreateLogger<HubbleDataSource>())),
    new PluginHostOptions(HubbleDataSource.PluginId) { MetricsPrefix = "netobs" });
