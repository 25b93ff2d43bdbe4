namespace NetObs.Simulator.Options;

/// <summary>The scenarios a simulator run mixes; any combination is allowed.</summary>
[Flags]
public enum ScenarioSet
{
    None = 0,
    Dns = 1,
    Drops = 2,
    Tcp = 4,
    L7 = 8,
    Background = 16,
    All = Dns | Drops | Tcp | L7 | Background,
}
