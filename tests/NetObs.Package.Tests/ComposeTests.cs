using System.Diagnostics;
using NetObs.Demo.Prometheus;
using NetObs.Demo.Stack;
using NetObs.History.Options;
using NetObs.Testing.Processes;
using NetObs.Testing.Simulator;
using YamlDotNet.RepresentationModel;

namespace NetObs.Package.Tests;

/// <summary>docker-compose.yaml cannot run here; its structure is checked, and kept in step with the demo's configuration.</summary>
public sealed class ComposeTests
{
    private const string RelayAddress = "127.0.0.1:4245";
    private const string MetricsAddress = "127.0.0.1:9965";

    private readonly ComposeFile compose = new(RepositoryPaths.Root);

    [Fact]
    public void Compose_runs_grafana_prometheus_and_the_simulator_in_one_network_namespace()
    {
        var services = ((YamlMappingNode)compose.Document["services"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToList();

        Assert.Equal(["grafana", "history", "history-backfill", "prometheus", "simulator"], services.Order(StringComparer.Ordinal));
        // The simulator listens on loopback only, so the others share its namespace rather than a bridge network.
        Assert.Equal("service:simulator", ComposeFile.Scalar(compose.Service("grafana"), "network_mode"));
        Assert.Equal("service:simulator", ComposeFile.Scalar(compose.Service("prometheus"), "network_mode"));
        Assert.Equal("service:simulator", ComposeFile.Scalar(compose.Service("history"), "network_mode"));
        Assert.All(ComposeFile.Sequence(compose.Service("simulator"), "ports"), p => Assert.StartsWith("127.0.0.1:", p, StringComparison.Ordinal));
    }

    [Fact]
    public void Simulator_runs_with_the_demos_scenarios_seed_and_backfill()
    {
        var command = ComposeFile.Sequence(compose.Service("simulator"), "command");
        var arguments = command.SkipWhile(a => !a.EndsWith("NetObs.Simulator.dll", StringComparison.Ordinal)).Skip(1).ToList();

        Assert.Equal(new SimulatorSettings().Arguments(RelayAddress, MetricsAddress), arguments);
        var mount = compose.Volumes("simulator").Single(v => command.Any(c => c.StartsWith(v.Container + "/", StringComparison.Ordinal)));
        Assert.Equal("./dist/simulator", mount.Host);
    }

    [Fact]
    public void History_server_follows_the_simulator_and_keeps_its_DuckDB_file_on_a_named_volume()
    {
        var history = compose.Service("history");
        var command = ComposeFile.Sequence(history, "command");
        var arguments = command.SkipWhile(a => !a.EndsWith("netobs-history.dll", StringComparison.Ordinal)).Skip(1).ToList();

        var store = arguments.SkipWhile(a => a != "--store").ElementAt(1);
        var volume = compose.Volumes("history").Single(v => store.StartsWith($"duckdb:{v.Container}/", StringComparison.Ordinal));
        using var mounts = new ContainerPaths();
        var dataFolder = mounts.Mount(volume.Container);

        var options = HistoryOptionsParser.Parse(mounts.Rewrite(arguments))!;

        Assert.Equal([new RelayTarget("default", RelayAddress)], options.Relays);
        Assert.Equal(StoreKind.DuckDb, options.Store.Kind);
        Assert.Equal(dataFolder, Path.GetDirectoryName(options.Store.FilePath));
        Assert.True(((YamlMappingNode)compose.Document["volumes"]).Children.ContainsKey(volume.Host), $"'{volume.Host}' is not a named volume of the compose file");
        Assert.Contains(volume, compose.Volumes("history-backfill"));
        Assert.Contains(("./dist/history", "/netobs/history"), compose.Volumes("history"));
        Assert.Equal("service_completed_successfully", ComposeFile.Scalar(history, "depends_on", "history-backfill", "condition"));
    }

    [Fact]
    public void History_backfill_exports_the_demos_hours_and_imports_them_into_the_history_servers_store()
    {
        var script = ComposeFile.Sequence(compose.Service("history-backfill"), "command").Single();
        var export = script[script.IndexOf("export ", StringComparison.Ordinal)..script.IndexOf("&&", StringComparison.Ordinal)].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var demo = new HistorySettings().ExportArguments("/tmp/history.jsonl.gz", new SimulatorSettings())
            .Where((_, i) => i is not (5 or 6 or 7 or 8)) // --incident-at and --incident-for keep their defaults in compose
            .ToList();

        Assert.Equal(demo.Order(StringComparer.Ordinal), export.Order(StringComparer.Ordinal));
        var store = ComposeFile.Sequence(compose.Service("history"), "command").SkipWhile(a => a != "--store").ElementAt(1);
        Assert.Contains($"import --store {store} /tmp/history.jsonl.gz", script, StringComparison.Ordinal);
        Assert.Contains($"test -e {store["duckdb:".Length..]} ||", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Prometheus_scrapes_the_simulator_like_the_demo_and_loads_the_generated_rules()
    {
        var config = ComposeFile.Load(Path.Combine(RepositoryPaths.Root, "compose", "prometheus.yml"));
        var demo = new YamlStream();
        demo.Load(new StringReader(PrometheusConfigWriter.Render(MetricsAddress, ["/etc/prometheus/rules/prometheus-rules.yaml"], TimeSpan.FromSeconds(15))));
        var demoConfig = (YamlMappingNode)demo.Documents[0].RootNode;

        var job = (YamlMappingNode)((YamlSequenceNode)config["scrape_configs"]).Single();
        var demoJob = (YamlMappingNode)((YamlSequenceNode)demoConfig["scrape_configs"]).Single();
        Assert.Equal(ComposeFile.Scalar(demoJob, "job_name"), ComposeFile.Scalar(job, "job_name"));
        Assert.Equal(ComposeFile.Scalar(demoJob, "honor_labels"), ComposeFile.Scalar(job, "honor_labels"));
        var targets = ComposeFile.Sequence(((YamlSequenceNode)job["static_configs"]).Single(), "targets");
        Assert.Equal([MetricsAddress], targets);

        var volumes = compose.Volumes("prometheus");
        Assert.Contains(("./compose/prometheus.yml", "/etc/prometheus/prometheus.yml"), volumes);
        var ruleFiles = ComposeFile.Sequence(config, "rule_files");
        Assert.Equal(ComposeFile.Sequence(demoConfig, "rule_files"), ruleFiles);
        Assert.Contains(("./dist/compose/alerts/prometheus-rules.yaml", ruleFiles.Single()), volumes);
    }

    [Fact]
    public void Grafana_mounts_the_plugin_folder_and_provisioning_and_allows_the_unsigned_plugin_by_id()
    {
        var grafana = compose.Service("grafana");
        var allowed = ComposeFile.Scalar(grafana, "environment", "GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS");
        var volumes = compose.Volumes("grafana");

        // The setting takes plugin ids, not `true` (grafana-plugin-protocol.md §4.3).
        Assert.Contains(RepositoryLayout.PluginId, allowed.Split(','));
        Assert.Contains(($"./dist/{RepositoryLayout.PluginId}", $"/var/lib/grafana/plugins/{RepositoryLayout.PluginId}"), volumes);
        Assert.Contains(("./dist/compose/provisioning", "/etc/grafana/provisioning"), volumes);
        Assert.StartsWith("grafana/grafana:", ComposeFile.Scalar(grafana, "image"), StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_config_of_compose_points_the_data_sources_at_the_simulator_and_prometheus()
    {
        var config = ComposeFile.Load(Path.Combine(RepositoryPaths.Root, "compose", "generator-config.yaml"));
        var prometheusListen = ComposeFile.Sequence(compose.Service("prometheus"), "command")
            .Single(a => a.StartsWith("--web.listen-address=", StringComparison.Ordinal)).Split(':')[^1];

        Assert.Equal(RelayAddress, ComposeFile.Scalar(config, "datasources", "netobs", "url"));
        Assert.Equal($"http://127.0.0.1:{prometheusListen}", ComposeFile.Scalar(config, "datasources", "prometheus", "url"));
        var dashboards = compose.Volumes("grafana").Single(v => v.Host == "./dist/compose/dashboards");
        Assert.Equal(dashboards.Container, ComposeFile.Scalar(config, "dashboards", "provisioningPath"));
    }

    [Fact]
    public async Task Generator_accepts_the_compose_config_and_writes_what_compose_mounts()
    {
        var layout = RepositoryLayout.Find("Release", RepositoryPaths.Root);
        var output = Directory.CreateTempSubdirectory("netobs-compose-").FullName;
        try
        {
            var spec = DotnetProgram.Spec("generator", layout.Generator,
                ["generate", "--config", Path.Combine(RepositoryPaths.Root, "compose", "generator-config.yaml"), "--out", output], Path.Combine(output, "generator.log"));
            var info = new ProcessStartInfo(spec.FileName) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in spec.Arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var errors = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();

            Assert.True(process.ExitCode == 0, $"the generator rejected compose/generator-config.yaml: {await errors}");
            foreach (var (host, _) in compose.Volumes("grafana").Concat(compose.Volumes("prometheus")).Where(v => v.Host.StartsWith("./dist/compose/", StringComparison.Ordinal)))
            {
                var produced = Path.Combine(output, host["./dist/compose/".Length..]);
                Assert.True(File.Exists(produced) || Directory.Exists(produced), $"compose mounts {host}, which the generator did not write");
            }

            var datasources = await File.ReadAllTextAsync(Path.Combine(output, "provisioning", "datasources", "netobs.yaml"));
            Assert.Contains(RelayAddress, datasources, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
