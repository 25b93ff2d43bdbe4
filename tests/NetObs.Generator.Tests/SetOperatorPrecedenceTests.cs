using NetObs.Generator.Validation;

namespace NetObs.Generator.Tests;

/// <summary>
/// PromQL binds comparisons tighter than `or` (`A or B > 0` is `A or (B > 0)`), so an unparenthesised comparison after
/// an `or` filters only its last branch; the generator's check rejects that and accepts the forms that mean what they say.
/// </summary>
public sealed class SetOperatorPrecedenceTests
{
    [Theory]
    [InlineData("sum(rate(a[5m])) or sum(rate(b[5m])) > 0")]
    [InlineData("topk(5, x or y >= 1)")]
    [InlineData("sum by (reason) (x{reason=\"a > b\"}) or y == 0")]
    public void An_or_followed_by_a_comparison_on_its_last_branch_only_is_rejected(string expression)
    {
        var problem = SetOperatorPrecedence.Problem(expression);

        Assert.NotNull(problem);
        Assert.Contains("applies only to the last branch of an 'or'", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(sum(rate(a[5m])) or sum(rate(b[5m]))) > 0")]
    [InlineData("sum(a) > 0 or sum(b) > 0")]
    [InlineData("x{label!=\"or\", other=~\"a|b\"} > 0")]
    [InlineData("1 - (x or 0 * y) / z > 0.2 and z > 0.1")]
    [InlineData("label_replace(x, \"a\", \"b or c > d\", \"\", \"\")")]
    public void Parenthesised_or_compared_branches_and_strings_pass(string expression) =>
        Assert.Null(SetOperatorPrecedence.Problem(expression));

    [Fact]
    public async Task The_promql_check_reports_the_trap_with_dashboard_and_panel()
    {
        PromQlExpression[] expressions = [new("Kubernetes / Networking / Test", "DNS Requests", "A", "sum(rate(a[$__rate_interval])) or sum(rate(b[$__rate_interval])) > 0")];
        var promtool = PromtoolRunner.Find() ?? throw new InvalidOperationException("promtool is not on PATH; install Debian's `prometheus` package (.ci/run does).");

        var problem = Assert.Single(await new PromQlChecker(promtool).CheckAsync(expressions, CancellationToken.None));

        Assert.Contains("panel 'DNS Requests', A", problem, StringComparison.Ordinal);
        Assert.Contains("'>'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void No_generated_dashboard_expression_falls_into_the_trap()
    {
        var problems = DashboardPromQl.Extract(Generation.Defaults)
            .Select(e => (e, SetOperatorPrecedence.Problem(e.Substituted))).Where(p => p.Item2 is not null).Select(p => $"{p.e}: {p.Item2}").ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
