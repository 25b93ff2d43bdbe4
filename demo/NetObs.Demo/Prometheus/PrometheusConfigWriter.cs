using YamlDotNet.Serialization;

namespace NetObs.Demo.Prometheus;

/// <summary>Writes the prometheus.yml of a demo run: the simulator as the only target, the generated rules loaded.</summary>
internal static class PrometheusConfigWriter
{
    /// <summary>The job name the demo, the end-to-end test and docker-compose.yaml's prometheus.yml all use.</summary>
    public const string ScrapeJob = "hubble";

    public static string Render(string metricsAddress, IReadOnlyList<string> ruleFiles, TimeSpan interval)
    {
        var seconds = $"{Math.Max(1, (int)interval.TotalSeconds)}s";
        var config = new Dictionary<string, object>
        {
            ["global"] = new Dictionary<string, object>
            {
                ["scrape_interval"] = seconds,
                ["evaluation_interval"] = seconds,
            },
            ["rule_files"] = ruleFiles.ToList(),
            ["scrape_configs"] = new List<object>
            {
                new Dictionary<string, object>
                {
                    ["job_name"] = ScrapeJob,
                    // The simulator writes `instance` (the node) and `cluster` itself, as the ACNS/Hubble scrape does.
                    ["honor_labels"] = true,
                    ["static_configs"] = new List<object>
                    {
                        new Dictionary<string, object> { ["targets"] = new List<string> { metricsAddress } },
                    },
                },
            },
        };
        return new SerializerBuilder().Build().Serialize(config);
    }
}
