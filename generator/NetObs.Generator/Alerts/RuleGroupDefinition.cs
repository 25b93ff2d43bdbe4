namespace NetObs.Generator.Alerts;

/// <summary>One rendered template under alerts/groups/: a rule group's recording rules and alert definitions.</summary>
public sealed record RuleGroupDefinition
{
    /// <summary>Short group name, e.g. dns; the Prometheus group is netobs-&lt;name&gt;.</summary>
    public string Name { get; init; } = "";

    /// <summary>What the group watches, one line (the Azure rule group's description).</summary>
    public string Title { get; init; } = "";

    /// <summary>True for groups evaluated by Grafana from flows; they appear only in grafana-alerting.yaml.</summary>
    public bool FlowBased { get; init; }

    public List<RecordingRuleDefinition> Recording { get; init; } = [];

    public List<AlertDefinition> Alerts { get; init; } = [];
}

/// <summary>A recording rule: the series name and its PromQL.</summary>
public sealed record RecordingRuleDefinition
{
    public string Record { get; init; } = "";

    public string Expr { get; init; } = "";
}

/// <summary>
/// One alert as its template defines it. The generator compares <see cref="Value"/> with the configured threshold and
/// <see cref="Guard"/> with the configured minRate, so Prometheus and Grafana get the same condition.
/// Prometheus templating is written [[ ... ]] in templates (Scriban owns {{ }}) and becomes {{ ... }} here.
/// </summary>
public sealed record AlertDefinition
{
    /// <summary>The key under alerts.rules in the configuration (camelCase alert name).</summary>
    public string Rule { get; init; } = "";

    /// <summary>Static one-line summary ending with a period.</summary>
    public string Summary { get; init; } = "";

    /// <summary>Templated description naming the offending labels and value.</summary>
    public string Description { get; init; } = "";

    /// <summary>PromQL of the quantity compared with the threshold (metric-based alerts).</summary>
    public string Value { get; init; } = "";

    /// <summary>PromQL of the traffic the quantity needs to be meaningful; compared with minRate (empty = no guard).</summary>
    public string Guard { get; init; } = "";

    /// <summary>False when the configured data plane lacks the alert's metrics (e.g. Retina interface counters on Cilium).</summary>
    public bool Applies { get; init; } = true;

    /// <summary>The query of a flow-based alert (Grafana-managed, NetObs data source).</summary>
    public FlowQueryDefinition? Flows { get; init; }

    /// <summary>Where the investigation starts.</summary>
    public DashboardLink Dashboard { get; init; } = new();

    public RunbookDefinition Runbook { get; init; } = new();
}

/// <summary>A `timeseries` query of our data source: a `hubble observe` filter and the group-by dimensions.</summary>
public sealed record FlowQueryDefinition
{
    public string Filter { get; init; } = "";

    public List<string> GroupBy { get; init; } = [];
}

/// <summary>A generated dashboard (short name, as in dashboard_uid) and which alert labels fill which variables.</summary>
public sealed record DashboardLink
{
    public string Name { get; init; } = "";

    /// <summary>Dashboard variable name → alert label name.</summary>
    public Dictionary<string, string> Vars { get; init; } = [];
}

/// <summary>The runbook page of an alert.</summary>
public sealed record RunbookDefinition
{
    /// <summary>One of the guide's use cases: dns, drops, tcp, nodes, l7, or pipeline (the metrics themselves).</summary>
    public string UseCase { get; init; } = "";

    public string Meaning { get; init; } = "";

    /// <summary>Panels to open, in order.</summary>
    public List<RunbookPanel> Panels { get; init; } = [];

    /// <summary>The flows to look at, as `hubble observe` flags (also the NetObs query filter).</summary>
    public string Flows { get; init; } = "";

    public List<RunbookCause> Causes { get; init; } = [];
}

/// <summary>One panel of a generated dashboard and what to look for in it.</summary>
public sealed record RunbookPanel
{
    public string Dashboard { get; init; } = "";

    public string Panel { get; init; } = "";

    public string Look { get; init; } = "";
}

/// <summary>A likely cause and its fix.</summary>
public sealed record RunbookCause
{
    public string Cause { get; init; } = "";

    public string Fix { get; init; } = "";
}
