namespace NetObs.Query.Variables;

/// <summary>How the variable resources sample recent flows: how far back, how many per node, how long to reuse a sample.</summary>
public sealed record VariableSampleOptions(TimeSpan Window, int FlowsPerNode, TimeSpan Lifetime, TimeSpan Timeout, TimeProvider Time)
{
    public static VariableSampleOptions Default { get; } =
        new(TimeSpan.FromHours(1), 4096, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(20), TimeProvider.System);
}
