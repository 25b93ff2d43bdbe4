using Google.Protobuf.Collections;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// FlowFilter.node_name patterns as one RE2 pattern for stores that match node names in SQL: a whole node name
/// matches it exactly when the evaluator's node-name field accepts the name.
/// </summary>
public static class NodeNameRegex
{
    /// <exception cref="InvalidFlowFilterException">A pattern is invalid, as Hubble would reject it.</exception>
    public static string Of(RepeatedField<string> patterns) => NodeNamePattern.Compile(patterns).ToRegex();
}
