using System.Text.Json;
using Apache.Arrow.Types;
using NetObs.Testing.Frames;

namespace NetObs.Testing.Tests;

/// <summary>The decoder against the frame Grafana's Go SDK wrote with every field type (../shared/reference/fixtures/grafana-sdk).</summary>
public sealed class ArrowFrameDecoderTests
{
    private static readonly byte[] GoldenArrow = File.ReadAllBytes(RepositoryPaths.Fixture("grafana-sdk", "all_types.golden.arrow"));

    [Fact]
    public void Go_sdk_frame_decodes_with_its_name_refId_fields_and_rows()
    {
        var frame = ArrowFrameDecoder.Decode(GoldenArrow);

        Assert.Equal("many_types", frame.Name);
        Assert.Equal("A", frame.RefId);
        Assert.Equal(35, frame.Fields.Count);
        Assert.Equal(5, frame.RowCount);
        Assert.All(frame.Fields, f => Assert.Equal(5, f.Values.Count));
    }

    [Fact]
    public void Values_match_the_go_sdks_json_rendering_of_the_same_frame()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Fixture("grafana-sdk", "all_types.golden.json")));
        var frame = ArrowFrameDecoder.Decode(GoldenArrow);
        var schemaFields = json.RootElement.GetProperty("schema").GetProperty("fields").EnumerateArray().ToList();
        var values = json.RootElement.GetProperty("data").GetProperty("values").EnumerateArray().ToList();

        Assert.Equal(schemaFields.Select(f => f.GetProperty("name").GetString()), frame.Fields.Select(f => f.Name));
        var strings = frame.Field("nullable_string_values");
        Assert.Equal(values[1].EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? null : v.GetString()), strings.Values.Cast<string?>());
        var int8 = frame.Field("int8_values");
        Assert.IsType<Int8Type>(int8.Type);
        Assert.Equal(values[2].EnumerateArray().Select(v => (sbyte)v.GetInt32()), int8.Values.Cast<sbyte>());
        Assert.Contains(frame.Fields, f => f.Type is TimestampType && f.Values.All(v => v is null or DateTimeOffset));
        Assert.Contains(frame.Fields, f => f.Nullable && f.Values.Contains(null));
    }

    [Fact]
    public void Bytes_that_are_not_an_arrow_file_are_refused_with_what_they_start_with()
    {
        var error = Assert.Throws<InvalidDataException>(() => ArrowFrameDecoder.Decode("{\"frames\":[]}"u8.ToArray()));

        Assert.Contains("does not start with ARROW1", error.Message, StringComparison.Ordinal);
        Assert.Contains("7B226672", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Meta_notices_and_executed_query_string_are_read_from_frame_meta()
    {
        using var meta = JsonDocument.Parse("""{"executedQueryString":"hubble observe --last 5","notices":[{"severity":"info","text":"capped"},{"text":"second"}]}""");
        var frame = new DecodedFrame("f", "A", meta.RootElement.Clone(), []);

        Assert.Equal("hubble observe --last 5", frame.ExecutedQueryString);
        Assert.Equal(["capped", "second"], frame.Notices);
        Assert.Null(new DecodedFrame("f", "A", null, []).ExecutedQueryString);
    }

    [Fact]
    public void Missing_field_names_the_fields_the_frame_has()
    {
        var frame = ArrowFrameDecoder.Decode(GoldenArrow);

        var error = Assert.Throws<KeyNotFoundException>(() => frame.Field("nope"));

        Assert.Contains("no field 'nope'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'string_values'", error.Message, StringComparison.Ordinal);
        Assert.Null(frame.FindField("nope"));
        Assert.Same(frame.Field("string_values"), frame.FindField("STRING_VALUES"));
    }
}
