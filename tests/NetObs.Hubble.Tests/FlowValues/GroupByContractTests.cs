using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NetObs.Hubble.FlowValues;
using NetObs.Testing.Golden;

namespace NetObs.Hubble.Tests.FlowValues;

/// <summary>
/// The group-by dimensions are defined once, in <see cref="FlowDimensions"/>; the query editor offers them from
/// plugin-frontend/src/contract/group-by-dimensions.json, which this test writes and keeps current.
/// </summary>
public sealed class GroupByContractTests
{
    private static readonly string[] FixturePath = ["plugin-frontend", "src", "contract", "group-by-dimensions.json"];

    [Fact]
    public void Frontend_group_by_contract_matches_the_dimension_catalog()
    {
        var path = Path.Combine([RepositoryPaths.Root, .. FixturePath]);
        var expected = Render();
        GoldenFile.Check(path, expected);
    }

    private static string Regenerate => $"{GoldenFile.UpdateVariable}=1 dotnet test tests/NetObs.Hubble.Tests --filter GroupByContract";

    private static string Render()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("$comment", $"Generated from FlowDimensions (plugin-backend/NetObs.Hubble/FlowValues) by tests/NetObs.Hubble.Tests/FlowValues/GroupByContractTests.cs; do not edit. Regenerate: {Regenerate}");
            json.WriteStartArray("dimensions");
            foreach (var dimension in FlowDimensions.All)
            {
                json.WriteStartObject();
                json.WriteString("name", dimension.Name);
                json.WriteString("description", dimension.Description);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }
}
