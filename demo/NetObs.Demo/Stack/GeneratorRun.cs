using NetObs.Testing.Processes;
using YamlDotNet.Serialization;

namespace NetObs.Demo.Stack;

/// <summary>Runs the generator (`generate --out DIR --config FILE`) with a configuration pointing at the demo's simulator and Prometheus.</summary>
internal static class GeneratorRun
{
    /// <summary>The generator configuration of a demo run (keys of generator/NetObs.Generator/Configuration/defaults.yaml).</summary>
    public static string RenderConfig(string relayAddress, Uri prometheusAddress, string generatedFolder)
    {
        // The runbooks are generated beside the rules, so runbook_url can be absolute: a file URL a browser opens.
        var runbooks = new Uri(Path.Combine(generatedFolder, "alerts", "runbooks") + Path.DirectorySeparatorChar).AbsoluteUri;
        var config = new Dictionary<string, object>
        {
            ["datasources"] = new Dictionary<string, object>
            {
                ["prometheus"] = new Dictionary<string, object> { ["url"] = prometheusAddress.ToString().TrimEnd('/') },
                ["netobs"] = new Dictionary<string, object> { ["url"] = relayAddress },
            },
            ["dashboards"] = new Dictionary<string, object> { ["provisioningPath"] = Path.Combine(generatedFolder, "dashboards") },
            ["alerts"] = new Dictionary<string, object> { ["runbookBaseUrl"] = runbooks },
        };
        return "# Written by the NetObs demo: the generated files point at the demo's simulator and Prometheus.\n"
            + new SerializerBuilder().Build().Serialize(config);
    }

    public static async Task RunAsync(string executable, string configFile, string outputFolder, string logFile, CancellationToken cancellation)
    {
        var spec = DotnetProgram.Spec("generator", executable, ["generate", "--out", outputFolder, "--config", configFile], logFile);
        await using var process = ChildProcess.Start(spec);
        try
        {
            // The generator prints what it wrote and exits; the demo only needs its exit code.
            await process.WaitForExitAsync(cancellation);
        }
        catch (OperationCanceledException)
        {
            await process.StopAsync(TimeSpan.FromSeconds(2));
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The generator failed with exit code {process.ExitCode} on {configFile}. {process.DescribeErrors()}");
        }
    }
}
