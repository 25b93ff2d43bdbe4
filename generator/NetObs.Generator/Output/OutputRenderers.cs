namespace NetObs.Generator.Output;

/// <summary>The renderers `generate` runs, in order; a new kind of output is one more entry here.</summary>
public static class OutputRenderers
{
    public static IReadOnlyList<IOutputRenderer> All { get; } =
    [
        new DashboardRenderer(),
        new ProvisioningRenderer(),
        new Alerts.AlertRenderer(),
    ];
}
