using Microsoft.Extensions.Logging;
using NetObs.Grafana;
using NetObs.Grafana.Hosting;
using NetObs.Grafana.SamplePlugin;

var generations = new InstanceGenerations();
return await PluginHost.RunAsync(
    args,
    logging => PluginHandlers.PerDataSource(settings => new SampleDataSource(settings, generations.Next(), logging.CreateLogger<SampleDataSource>())),
    new PluginHostOptions("netobs-sample-datasource") { MetricsPrefix = "sample" });
