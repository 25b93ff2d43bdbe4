namespace NetObs.Generator.Configuration;

/// <summary>The severity label values the monitoring-mixin conventions allow.</summary>
public enum AlertSeverity
{
    Critical,
    Warning,
    Info,
}
