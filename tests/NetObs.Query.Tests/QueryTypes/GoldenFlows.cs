using Cilium.Flow;

namespace NetObs.Query.Tests.QueryTypes;

/// <summary>The flows every golden frame is computed from: the same minute of traffic for each query type.</summary>
internal static class GoldenFlows
{
    /// <summary>30 forwarded flows frontend → catalog, 12 policy drops web-frontend → accounts-api, and 4 DNS answers with latencies, oldest first.</summary>
    public static List<Flow> Mixed()
    {
        var flows = new List<Flow>();
        for (var i = 0; i < 30; i++)
        {
            flows.Add(FlowBuilder.Tcp(i * 2, "shop", "frontend-1", "shop", "catalog-1", sourceWorkload: "frontend", destinationWorkload: "catalog"));
        }

        for (var i = 0; i < 12; i++)
        {
            flows.Add(FlowBuilder.Tcp(i * 5 + 0.5, "banking", "web-frontend-1", "banking", "accounts-api-1", Verdict.Dropped, 8443, node: "node-b",
                sourceWorkload: "web-frontend", destinationWorkload: "accounts-api"));
        }

        for (var i = 0; i < 4; i++)
        {
            flows.Add(FlowBuilder.DnsResponse(i * 12 + 1, "client-1", i % 2 == 0 ? "catalog.shop.svc.cluster.local." : "nowhere.example.", i % 2 == 0 ? 0u : 3u, (ulong)(i + 1) * 1_000_000));
        }

        return [.. flows.OrderBy(f => f.Time)];
    }
}
