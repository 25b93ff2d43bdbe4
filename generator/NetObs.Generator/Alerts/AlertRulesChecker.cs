using NetObs.Generator.Output;
using NetObs.Generator.Validation;

namespace NetObs.Generator.Alerts;

/// <summary>Runs `promtool check rules` on the generated Prometheus rule file, for `generate --validate`.</summary>
public sealed class AlertRulesChecker(PromtoolRunner promtool)
{
    /// <summary>One sentence with promtool's output when it rejects the rule file; empty when it passes or no alerts were generated.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(IEnumerable<GeneratedFile> files, CancellationToken cancellationToken)
    {
        var rules = files.FirstOrDefault(f => f.Path == PrometheusRuleGroups.RulesFile);
        if (rules is null)
        {
            return [];
        }

        var path = Path.Combine(Path.GetTempPath(), $"netobs-alerts-{Guid.NewGuid():N}.rules.yaml");
        await File.WriteAllTextAsync(path, rules.Content, cancellationToken);
        try
        {
            var (exitCode, output) = await promtool.CheckRulesAsync(path, cancellationToken);
            return exitCode == 0 ? [] : [$"promtool rejects {PrometheusRuleGroups.RulesFile}: {output.Replace(path, PrometheusRuleGroups.RulesFile, StringComparison.Ordinal).Trim()}"];
        }
        finally
        {
            File.Delete(path);
        }
    }
}
