namespace NetObs.Grafana;

/// <summary>Whose fault an error is: Grafana shows and counts plugin and downstream errors differently.</summary>
public enum ErrorSource
{
    /// <summary>A fault in the plugin, or a bad query the plugin rejected.</summary>
    Plugin,

    /// <summary>A fault of the system the plugin queries (unreachable, timed out, refused).</summary>
    Downstream,
}
