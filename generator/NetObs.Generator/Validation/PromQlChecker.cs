using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NetObs.Generator.Output;

namespace NetObs.Generator.Validation;

/// <summary>
/// Checks PromQL with promtool: each expression becomes a recording rule in its own group of a temporary rule
/// file, so a parse error names the group, which maps back to the dashboard, panel and expression.
/// </summary>
public sealed partial class PromQlChecker(PromtoolRunner promtool)
{
    public Task<IReadOnlyList<string>> CheckAsync(IEnumerable<GeneratedFile> files, CancellationToken cancellationToken) =>
        CheckAsync([.. DashboardPromQl.Extract(files)], cancellationToken);

    /// <summary>One sentence per failing expression; empty when promtool accepts them all and every comparison binds as written.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(IReadOnlyList<PromQlExpression> expressions, CancellationToken cancellationToken)
    {
        if (expressions.Count == 0)
        {
            return [];
        }

        // promtool accepts `A or B > 0`, which means something other than it reads, so this runs first and on its own.
        var precedence = expressions
            .Select(e => (Expression: e, Problem: SetOperatorPrecedence.Problem(e.Substituted)))
            .Where(p => p.Problem is not null)
            .Select(p => $"{p.Expression.Dashboard}, panel '{p.Expression.Panel}', {p.Expression.RefId}: {p.Problem}")
            .ToList();
        return [.. precedence, .. await CheckSyntaxAsync(expressions, cancellationToken)];
    }

    private async Task<IReadOnlyList<string>> CheckSyntaxAsync(IReadOnlyList<PromQlExpression> expressions, CancellationToken cancellationToken)
    {

        var rules = new StringBuilder("groups:\n");
        for (var i = 0; i < expressions.Count; i++)
        {
            // JSON strings are valid YAML double-quoted scalars, so the expression needs no other escaping.
            rules.Append("  - name: expr_").Append(i).Append('\n')
                .Append("    rules:\n")
                .Append("      - record: netobs:check:expr_").Append(i).Append('\n')
                .Append("        expr: ").Append(JsonSerializer.Serialize(expressions[i].Substituted)).Append('\n');
        }

        var file = Path.Combine(Path.GetTempPath(), $"netobs-promql-{Guid.NewGuid():N}.rules.yaml");
        await File.WriteAllTextAsync(file, rules.ToString(), cancellationToken);
        try
        {
            var (exitCode, output) = await promtool.CheckRulesAsync(file, cancellationToken);
            if (exitCode == 0)
            {
                return [];
            }

            var failures = GroupPattern().Matches(output)
                .Select(m => (Index: int.Parse(m.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture), Line: m.Value))
                .DistinctBy(f => f.Index)
                .Select(f => $"promtool rejects {expressions[f.Index]} (as sent: {expressions[f.Index].Substituted}): {OutputLine(output, f.Index)}")
                .ToList();
            return failures.Count > 0 ? failures : [$"promtool check rules failed without naming an expression: {output.Trim()}"];
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string OutputLine(string output, int index) =>
        output.Split('\n').FirstOrDefault(l => l.Contains($"\"expr_{index}\"", StringComparison.Ordinal))?.Trim() ?? output.Trim();

    [GeneratedRegex("group \"expr_(?<index>[0-9]+)\"")]
    private static partial Regex GroupPattern();
}
