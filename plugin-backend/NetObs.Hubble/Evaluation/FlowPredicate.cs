using Cilium.Flow;

namespace NetObs.Hubble.Evaluation;

/// <summary>One compiled condition of a FlowFilter field; all of a filter's predicates must hold.</summary>
internal delegate bool FlowPredicate(Flow flow);
