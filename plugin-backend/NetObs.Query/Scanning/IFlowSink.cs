using Cilium.Flow;

namespace NetObs.Query.Scanning;

/// <summary>Receives the flows of one relay stream, one at a time, and keeps only what its query needs.</summary>
public interface IFlowSink
{
    /// <param name="flow">The flow (possibly cut down by a field mask).</param>
    /// <param name="timeNs">Its time in nanoseconds since the Unix epoch.</param>
    /// <param name="nodeName">The node that observed it.</param>
    void Add(Flow flow, long timeNs, string nodeName);
}
