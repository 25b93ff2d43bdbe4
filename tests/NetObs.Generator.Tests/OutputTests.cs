using System.Text.Json.Nodes;
using NetObs.Generator.Cli;
using YamlDotNet.RepresentationModel;

namespace NetObs.Generator.Tests;

public sealed class OutputTests
{
    [Fact]
    public void Azure_variant_declares_the_prometheus_input_and_binds_the_data_source_variable_to_it()
    {
        var file = Generation.Defaults.Single(f => f.Path == "azure-managed-grafana/netobs-dns-cluster.json");
        var dashboard = JsonNode.Parse(file.Content)!.AsObject();

        var inputs = dashboard["__inputs"]!.AsArray().Select(i => (i!["name"]!.GetValue<string>(), i["pluginId"]!.GetValue<string>())).ToList();
        Assert.Equal([("DS_PROMETHEUS", "prometheus")], inputs);
        var variables = dashboard["templating"]!["list"]!.AsArray();
        Assert.Equal("${DS_PROMETHEUS}", variables.Single(v => v!["name"]!.GetValue<string>() == "datasource")!["current"]!["value"]!.GetValue<string>());
        Assert.DoesNotContain(variables, v => v!["name"]!.GetValue<string>() == "netobs");
        Assert.Null(dashboard["id"]);
    }

    [Fact]
    public void Fixed_data_sources_become_inputs_in_the_azure_variant()
    {
        var files = Generation.RunYaml("datasources:\n  prometheus:\n    asVariable: false\n    uid: amp\n");
        var plain = JsonNode.Parse(files.Single(f => f.Path == "dashboards/netobs-clusters.json").Content)!.ToJsonString();
        var azure = JsonNode.Parse(files.Single(f => f.Path == "azure-managed-grafana/netobs-clusters.json").Content)!.ToJsonString();

        Assert.Contains("\"uid\":\"amp\"", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("\"uid\":\"amp\"", azure, StringComparison.Ordinal);
        Assert.Contains("\"uid\":\"${DS_PROMETHEUS}\"", azure, StringComparison.Ordinal);
    }

    [Fact]
    public void Provisioning_files_point_at_the_configured_folder_and_data_sources()
    {
        var files = Generation.RunYaml("dashboards:\n  provisioningPath: /srv/dash\ndatasources:\n  netobs:\n    url: tls://relay.example:443\n");
        var provider = Load(files.Single(f => f.Path == "provisioning/dashboards/netobs.yaml").Content);
        var datasources = Load(files.Single(f => f.Path == "provisioning/datasources/netobs.yaml").Content);

        Assert.Equal("/srv/dash", ((YamlScalarNode)provider["providers"][0]["options"]["path"]).Value);
        var netobs = ((YamlSequenceNode)datasources["datasources"]).Children.Single(d => ((YamlScalarNode)d["type"]).Value == "netobs-hubble-datasource");
        Assert.Equal("tls://relay.example:443", ((YamlScalarNode)netobs["url"]).Value);
        Assert.Equal("netobs", ((YamlScalarNode)netobs["uid"]).Value);
    }

    [Fact]
    public void A_history_server_url_provisions_a_second_netobs_data_source_next_to_the_relay()
    {
        var files = Generation.RunYaml("datasources:\n  netobs:\n    url: 127.0.0.1:4245\n  history:\n    url: 127.0.0.1:4246\n");
        var datasources = Load(files.Single(f => f.Path == "provisioning/datasources/netobs.yaml").Content);

        var netobs = ((YamlSequenceNode)datasources["datasources"]).Children.Where(d => ((YamlScalarNode)d["type"]).Value == "netobs-hubble-datasource").ToList();
        Assert.Equal(["127.0.0.1:4245", "127.0.0.1:4246"], netobs.Select(d => ((YamlScalarNode)d["url"]).Value));
        Assert.Equal(["netobs", "netobs-history"], netobs.Select(d => ((YamlScalarNode)d["uid"]).Value));
        Assert.Equal("NetObs history", ((YamlScalarNode)netobs[1]["name"]).Value);
        Assert.Equal("false", ((YamlScalarNode)netobs[1]["jsonData"]["tlsAuth"]).Value);
    }

    [Fact]
    public void Without_a_history_server_url_no_history_data_source_is_provisioned()
    {
        var files = Generation.RunYaml("datasources:\n  history:\n    name: Flow history\n");
        var text = files.Single(f => f.Path == "provisioning/datasources/netobs.yaml").Content;

        Assert.DoesNotContain("Flow history", text, StringComparison.Ordinal);
        Assert.Equal(2, ((YamlSequenceNode)Load(text)["datasources"]).Children.Count);
    }

    [Fact]
    public void Configuration_flows_into_uids_selectors_and_time()
    {
        var files = Generation.RunYaml("cluster:\n  label: k8s_cluster\ndashboards:\n  uidPrefix: acme-\ntime:\n  from: now-6h\n");
        var text = files.Single(f => f.Path == "dashboards/acme-drops-workload.json").Content;

        Assert.Equal("now-6h", JsonNode.Parse(text)!["time"]!["from"]!.GetValue<string>());
        Assert.Contains("k8s_cluster=\\\"$cluster\\\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("{cluster=", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Cilium_only_dataplane_drops_the_retina_families_and_rows()
    {
        var files = Generation.RunYaml("dataplane: cilium\n");
        var clusters = files.Single(f => f.Path == "dashboards/netobs-clusters.json").Content;

        Assert.DoesNotContain("networkobservability_", clusters, StringComparison.Ordinal);
        Assert.Contains("cilium_drop_count_total", clusters, StringComparison.Ordinal);
        Assert.DoesNotContain("TCP Active Connections by State", clusters, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_documents_every_option()
    {
        var output = new StringWriter();
        var exit = await new GenerateCommand(output, TextWriter.Null).RunAsync(["--help"], CancellationToken.None);

        Assert.Equal(0, exit);
        foreach (var option in new[] { "--out", "--config", "--templates", "--validate", "--print-defaults", "--help" })
        {
            Assert.Contains(option, output.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(new[] { "generate" }, "needs --out DIR")]
    [InlineData(new[] { "generate", "--out" }, "--out needs a value")]
    [InlineData(new[] { "generate", "--outt", "x" }, "unknown option '--outt'")]
    [InlineData(new[] { "render" }, "unknown command 'render'")]
    public async Task Wrong_command_lines_exit_2_with_a_sentence(string[] args, string expected)
    {
        var errors = new StringWriter();

        var exit = await new GenerateCommand(TextWriter.Null, errors).RunAsync(args, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains(expected, errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_configuration_file_exits_1_with_file_line_and_column()
    {
        var path = Path.Combine(Path.GetTempPath(), $"netobs-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "time:\n  frm: now-1h\n");
        try
        {
            var errors = new StringWriter();
            var exit = await new GenerateCommand(TextWriter.Null, errors).RunAsync(["generate", "--validate", "--config", path], CancellationToken.None);

            Assert.Equal(1, exit);
            Assert.Contains($"{path}:2:3: unknown key 'frm' in 'time'", errors.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Print_defaults_prints_the_commented_default_configuration()
    {
        var output = new StringWriter();

        await new GenerateCommand(output, TextWriter.Null).RunAsync(["generate", "--print-defaults"], CancellationToken.None);

        Assert.Contains("dataplane: both", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("# ", output.ToString(), StringComparison.Ordinal);
    }

    private static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
