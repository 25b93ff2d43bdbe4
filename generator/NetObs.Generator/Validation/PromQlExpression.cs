namespace NetObs.Generator.Validation;

/// <summary>One PromQL expression found in a generated dashboard, and where.</summary>
public sealed record PromQlExpression(string Dashboard, string Panel, string RefId, string Expression)
{
    /// <summary>The expression with Grafana's variables replaced by sample values, as Prometheus would receive it.</summary>
    public string Substituted => GrafanaVariableSamples.Substitute(Expression);

    public override string ToString() => $"dashboard '{Dashboard}', panel '{Panel}', {RefId}: {Expression}";
}
