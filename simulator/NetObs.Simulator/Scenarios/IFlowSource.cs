namespace NetObs.Simulator.Scenarios;

/// <summary>Where stored flows come from: the scenario engine, or a replayed capture.</summary>
public interface IFlowSource
{
    /// <summary>Hands every flow up to <paramref name="untilUnixNanos"/> to <paramref name="sink"/>, oldest first; returns how many.</summary>
    int GenerateUntil(long untilUnixNanos, Action<ScheduledFlow> sink);
}
