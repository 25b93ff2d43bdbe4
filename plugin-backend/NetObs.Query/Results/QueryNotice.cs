namespace NetObs.Query.Results;

/// <summary>How much a notice matters; maps to Grafana's notice severities info, warning and error.</summary>
public enum NoticeSeverity
{
    Info,
    Warning,
    Error,
}

/// <summary>A note shown with a result, e.g. that it was cut by the limit or by the relay's buffer.</summary>
public sealed record QueryNotice(NoticeSeverity Severity, string Text);
