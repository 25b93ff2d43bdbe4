using Cilium.Flow;
using Google.Protobuf;

namespace NetObs.Hubble.Tests.Filtering;

/// <summary>Reads expected FlowFilter lists written as protojson (proto field names) in the tests.</summary>
internal static class ExpectedFilters
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));

    public static List<FlowFilter> Parse(params string[] json) =>
        json.Select(j => JsonParser.Default.Parse<FlowFilter>(j)).ToList();

    public static string Show(IEnumerable<FlowFilter> filters) =>
        "[" + string.Join(",", filters.Select(f => Formatter.Format(f))) + "]";

    public static void Equal(IReadOnlyList<FlowFilter> expected, IReadOnlyList<FlowFilter> actual) =>
        Assert.Equal(Show(expected), Show(actual));
}
