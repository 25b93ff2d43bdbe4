using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using NetObs.Grafana;
using NetObs.Grafana.Frames;
using NetObs.Hubble.FlowSources;
using NetObs.Plugin.QueryTypes;
using NetObs.Query.Queries;
using NetObs.Testing;
using NetObs.Testing.Golden;

namespace NetObs.Query.Tests.QueryTypes;

/// <summary>
/// Answers a query through the plugin's query type router, as Grafana's QueryData does, and checks its frames against
/// the query type's golden file (<c>QueryTypes/&lt;Type&gt;/testdata/&lt;type&gt;.golden.json</c>). A golden file is
/// written only when <see cref="GoldenFile.UpdateVariable"/> is 1, and then reviewed like code.
/// </summary>
internal static class GoldenFrames
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The frames of one query over <paramref name="source"/> in the minute after <see cref="FlowBuilder.Origin"/>, in 10 s steps.</summary>
    public static async Task<IReadOnlyList<DataFrame>> AnswerAsync(IFlowSource source, string json)
    {
        var limits = new QueryLimits(DefaultLimit: 1000, MaxLimit: 10_000);
        var engine = new QueryEngine(source, limits, QueryEngineOptions.Default with { GatherWindow = TimeSpan.Zero, CacheLifetime = TimeSpan.Zero });
        var router = QueryTypeRoutes.Router(engine, _ => "ds/golden/flows/channel", NullLogger.Instance);
        var query = new DataQuery
        {
            RefId = "A",
            Json = Encoding.UTF8.GetBytes(json),
            TimeRange = new TimeRange(FlowBuilder.Origin, FlowBuilder.Origin.AddMinutes(1)),
            Interval = TimeSpan.FromSeconds(10),
            MaxDataPoints = 1000,
        };
        var response = await router.QueryDataAsync(new QueryDataRequest(new PluginContext(), new Dictionary<string, string>(), [query]), CancellationToken.None);
        var answer = response.Responses["A"];
        Assert.True(answer.Error is null, answer.Error);
        return answer.Frames;
    }

    /// <summary>Checks <paramref name="frames"/>, as Grafana's JSON frame encoding, against <c>QueryTypes/<paramref name="folder"/>/testdata/<paramref name="name"/>.golden.json</c>.</summary>
    public static void Check(string folder, string name, IReadOnlyList<DataFrame> frames)
    {
        var path = Path.Combine(RepositoryPaths.Root, "tests", "NetObs.Query.Tests", "QueryTypes", folder, "testdata", name + ".golden.json");
        var actual = new JsonArray([.. frames.Select(f => JsonNode.Parse(JsonFrameWriter.Write(f)))]).ToJsonString(Indented) + "\n";
        GoldenFile.Check(path, actual);
    }
}
