using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace NetObs.Generator.Tests;

/// <summary>Evaluates expressions on synthetic series with `promtool test rules` (Prometheus' own engine).</summary>
internal static class PromtoolUnitTest
{
    /// <summary>Series lines such as <c>metric{a="b"}</c> with promtool value notation such as <c>0+60x40</c>.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        IReadOnlyList<(string Series, string Values)> series,
        string expression,
        IReadOnlyList<(string Labels, double Value)> expected)
    {
        var folder = Path.Combine(Path.GetTempPath(), "netobs-promtool-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "rules.yaml"), "groups: []\n");
            var test = new StringBuilder("rule_files: [rules.yaml]\nevaluation_interval: 15s\ntests:\n  - interval: 15s\n    input_series:\n");
            foreach (var (name, values) in series)
            {
                test.Append("      - series: ").Append(JsonSerializer.Serialize(name)).Append('\n')
                    .Append("        values: ").Append(JsonSerializer.Serialize(values)).Append('\n');
            }

            test.Append("    promql_expr_test:\n      - expr: ").Append(JsonSerializer.Serialize(expression)).Append('\n')
                .Append("        eval_time: 10m\n        exp_samples:\n");
            foreach (var (labels, value) in expected)
            {
                test.Append("          - labels: ").Append(JsonSerializer.Serialize(labels)).Append('\n')
                    .Append("            value: ").Append(value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            }

            var testFile = Path.Combine(folder, "test.yaml");
            await File.WriteAllTextAsync(testFile, test.ToString());
            var start = new ProcessStartInfo("promtool") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
            start.ArgumentList.Add("test");
            start.ArgumentList.Add("rules");
            start.ArgumentList.Add(testFile);
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
