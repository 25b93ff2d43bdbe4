using System.Text.Json;
using Apache.Arrow.Ipc;
using NetObs.Grafana.Frames;

namespace NetObs.Grafana.Tests;

public sealed class FrameEncodingTests
{
    [Fact]
    public void Json_frame_writes_nan_and_infinities_as_null_with_entities_and_sub_millisecond_nanos()
    {
        var frame = new DataFrame(
            "f",
            Field.Time("t", [1_500_000_123L, 2_000_000_000L]),
            Field.Float64("v", [double.NaN, double.NegativeInfinity]),
            Field.Float32("w", [1.5f, float.PositiveInfinity]));

        var json = JsonDocument.Parse(JsonFrameWriter.Write(frame)).RootElement.GetProperty("data");

        Assert.Equal("[[1500,2000],[null,null],[1.5,null]]", json.GetProperty("values").GetRawText());
        Assert.Equal("""[null,{"NaN":[0],"NegInf":[1]},{"Inf":[1]}]""", json.GetProperty("entities").GetRawText());
        Assert.Equal("[[123,0],null,null]", json.GetProperty("nanos").GetRawText());
    }

    [Fact]
    public void Json_frame_schema_only_and_data_only_parts_are_what_stream_packets_carry()
    {
        var frame = new DataFrame("counter", Field.Int64("n", [1L])) { RefId = "A", Meta = new FrameMeta { Type = FrameTypes.TimeSeriesMulti, TypeVersion = new(0, 1) } };
        frame.Fields[0].Labels = new Dictionary<string, string> { ["z"] = "1", ["a"] = "2" };

        var schema = JsonDocument.Parse(JsonFrameWriter.Write(frame, FrameInclude.SchemaOnly)).RootElement;
        var data = JsonDocument.Parse(JsonFrameWriter.Write(frame, FrameInclude.DataOnly)).RootElement;

        Assert.False(schema.TryGetProperty("data", out _));
        Assert.False(data.TryGetProperty("schema", out _));
        Assert.Equal("""{"type":"timeseries-multi","typeVersion":[0,1]}""", schema.GetProperty("schema").GetProperty("meta").GetRawText());
        Assert.Equal("""{"a":"2","z":"1"}""", schema.GetProperty("schema").GetProperty("fields")[0].GetProperty("labels").GetRawText());
        Assert.Equal("[[1]]", data.GetProperty("data").GetProperty("values").GetRawText());
    }

    [Fact]
    public void Frame_with_fields_of_different_lengths_is_refused_naming_the_field()
    {
        var frame = new DataFrame("bad", Field.Int64("a", [1L, 2L]), Field.String("b", ["x"]));

        var error = Assert.Throws<InvalidOperationException>(() => ArrowFrameWriter.Write(frame));

        Assert.Contains("field 'b' has 1 rows but field 'a' has 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_frame_is_still_a_readable_arrow_file_with_its_schema()
    {
        var frame = new DataFrame("empty", Field.Time("time", Array.Empty<long>()), Field.NullableString("text", [])) { RefId = "A" };

        var back = ArrowFrameReader.Read(ArrowFrameWriter.Write(frame));

        Assert.Equal(0, back.RowCount);
        Assert.Equal(["time", "text"], back.Fields.Select(f => f.Name));
        Assert.Equal(FieldType.Time, back.Fields[0].Type);
        Assert.True(back.Fields[1].Nullable);
    }

    [Fact]
    public void Arrow_metadata_holds_meta_with_typeVersion_array_notice_severity_string_and_enum_tstype()
    {
        var frame = new DataFrame("f", Field.Enum("verdict", [(ushort)1], ["DROPPED", "FORWARDED"]))
        {
            Meta = new FrameMeta
            {
                TypeVersion = new(0, 1),
                Notices = [new Notice { Severity = NoticeSeverity.Warning, Text = "limit reached" }],
                PreferredVisualisationType = "logs",
            },
        };

        using var reader = new ArrowFileReader(new MemoryStream(ArrowFrameWriter.Write(frame)));
        reader.ReadNextRecordBatch()?.Dispose();
        var meta = JsonDocument.Parse(reader.Schema.Metadata["meta"]).RootElement;
        var field = reader.Schema.FieldsList[0];

        Assert.Equal("[0,1]", meta.GetProperty("typeVersion").GetRawText());
        Assert.Equal("warning", meta.GetProperty("notices")[0].GetProperty("severity").GetString());
        Assert.False(meta.TryGetProperty("type", out _));
        Assert.Equal("enum", field.Metadata["tstype"]);
        Assert.Equal(Apache.Arrow.Types.ArrowTypeId.UInt16, field.DataType.TypeId);
        Assert.Equal("""{"type":{"enum":{"text":["DROPPED","FORWARDED"]}}}""", field.Metadata["config"]);
        Assert.Equal("f", reader.Schema.Metadata["name"]);
        Assert.Equal("", reader.Schema.Metadata["refId"]);
    }
}
