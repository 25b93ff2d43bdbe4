using Cilium.Flow;

namespace NetObs.Hubble.FlowValues;

/// <summary>A group-by dimension: its stable name, how to read it from a flow, and the Flow fields it needs from the relay.</summary>
public sealed record FlowDimension(string Name, string Description, IReadOnlyList<string> MaskPaths, Func<Flow, FlowText, string> Read);
