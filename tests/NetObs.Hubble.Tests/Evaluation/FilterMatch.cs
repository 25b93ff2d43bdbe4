using Cilium.Flow;
using Google.Protobuf;
using NetObs.Hubble.Evaluation;

namespace NetObs.Hubble.Tests.Evaluation;

/// <summary>Compiles one FlowFilter written as protojson and matches it against a flow.</summary>
internal static class FilterMatch
{
    public static bool Matches(string filterJson, Flow flow) =>
        FlowFilterEvaluator.Compile([JsonParser.Default.Parse<FlowFilter>(filterJson)], []).Matches(flow);

    public static InvalidFlowFilterException Rejects(string filterJson) =>
        Assert.Throws<InvalidFlowFilterException>(() => FlowFilterEvaluator.Compile([JsonParser.Default.Parse<FlowFilter>(filterJson)], []));
}
