using System.Text.Json.Nodes;

namespace NetObs.Generator.Tests;

/// <summary>
/// Every panel states its thresholds: Grafana's default (green, red from 80) paints 80 requests per second red and a
/// 40 % success rate green. Panels whose value has a good or bad reading colour it; the rest carry one neutral step.
/// </summary>
public sealed class PanelThresholdTests
{
    // Titles whose values are good or bad by themselves; "Forwarded" and "Traffic" panels are neutral.
    private static readonly string[] BadSignals = ["Drop", "Error", "Missing", "RST", "Reset", "Timeout"];

    public static TheoryData<string> DashboardFiles() => [.. Generation.Dashboards(Generation.Defaults).Select(d => d.Path)];

    private static IEnumerable<JsonObject> ValuePanels(string path) =>
        Generation.Panels(Generation.Dashboards(Generation.Defaults).Single(d => d.Path == path).Dashboard)
            .Where(p => p["type"]!.GetValue<string>() is "stat" or "timeseries" or "bargauge" or "gauge");

    private static JsonArray Steps(JsonObject panel) => panel["fieldConfig"]?["defaults"]?["thresholds"]?["steps"]?.AsArray() ?? [];

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void No_panel_relies_on_grafanas_default_thresholds(string path)
    {
        foreach (var panel in ValuePanels(path))
        {
            var title = panel["title"]!.GetValue<string>();
            var steps = Steps(panel);
            Assert.True(steps.Count > 0, $"'{title}' in {path} has no thresholds, so Grafana paints values from 80 red");
            Assert.False(steps.Count == 2 && steps[1]?["value"]?.GetValue<double>() == 80 && steps[1]?["color"]?.GetValue<string>() == "red",
                $"'{title}' in {path} copies Grafana's default thresholds");
        }
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Panels_with_a_bad_reading_turn_red_and_success_rates_are_red_when_low(string path)
    {
        foreach (var panel in ValuePanels(path))
        {
            var title = panel["title"]!.GetValue<string>();
            var steps = Steps(panel);
            var colors = steps.Select(s => s!["color"]!.GetValue<string>()).ToList();
            if (title.Contains("Success Rate", StringComparison.Ordinal))
            {
                Assert.Equal("red", colors[0]);
                Assert.Equal("green", colors[^1]);
                Assert.True(steps[^1]!["value"]!.GetValue<double>() <= 1, $"'{title}' is a ratio in 0..1 but turns green above 1");
            }
            else if (BadSignals.Any(s => title.Contains(s, StringComparison.Ordinal)))
            {
                Assert.True(colors.Count > 1 && colors[^1] == "red", $"'{title}' in {path} has a bad reading but never turns red: {string.Join(", ", colors)}");
            }
        }
    }
}
