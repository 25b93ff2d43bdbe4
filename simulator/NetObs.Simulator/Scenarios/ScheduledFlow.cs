using Cilium.Flow;

namespace NetObs.Simulator.Scenarios;

/// <summary>A generated flow with the time it happens and the node that observes it.</summary>
public readonly record struct ScheduledFlow(long TimeUnixNanos, int NodeIndex, Flow Flow);
