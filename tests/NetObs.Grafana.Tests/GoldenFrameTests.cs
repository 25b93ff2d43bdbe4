using System.Text;
using System.Text.Json.Nodes;
using Apache.Arrow.Ipc;
using NetObs.Grafana.Frames;

namespace NetObs.Grafana.Tests;

/// <summary>Conformance against frames written by Grafana's Go SDK (../shared/reference/fixtures/grafana-sdk).</summary>
public sealed class GoldenFrameTests
{
    private static readonly byte[] GoldenArrow = File.ReadAllBytes(RepositoryPaths.Fixture("grafana-sdk", "all_types.golden.arrow"));
    private static readonly JsonNode GoldenJson = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Fixture("grafana-sdk", "all_types.golden.json")))!;

    [Fact]
    public void Golden_arrow_file_decodes_to_the_golden_json_frame()
    {
        var frame = ArrowFrameReader.Read(GoldenArrow);

        var json = JsonNode.Parse(JsonFrameWriter.Write(frame));

        JsonAssert.Equivalent(GoldenJson, json);
    }

    [Fact]
    public void Golden_frame_has_every_field_type_with_and_without_nulls()
    {
        var frame = ArrowFrameReader.Read(GoldenArrow);

        Assert.Equal("many_types", frame.Name);
        Assert.Equal("A", frame.RefId);
        Assert.Equal(35, frame.Fields.Count);
        Assert.Equal(5, frame.RowCount);
        foreach (var type in Enum.GetValues<FieldType>())
        {
            Assert.Contains(frame.Fields, f => f.Type == type && f.Nullable);
            Assert.Contains(frame.Fields, f => f.Type == type && !f.Nullable);
        }
    }

    [Fact]
    public void Encoded_frame_reads_back_field_by_field_like_the_golden_frame()
    {
        var golden = ArrowFrameReader.Read(GoldenArrow);

        var roundTripped = ArrowFrameReader.Read(ArrowFrameWriter.Write(golden));

        Assert.Equal(golden.Name, roundTripped.Name);
        Assert.Equal(golden.RefId, roundTripped.RefId);
        Assert.Equal(golden.Meta!.TypeVersion, roundTripped.Meta!.TypeVersion);
        Assert.Equal(golden.Meta.ExecutedQueryString, roundTripped.Meta.ExecutedQueryString);
        Assert.Equal(golden.Meta.Channel, roundTripped.Meta.Channel);
        Assert.Equal(golden.Fields.Count, roundTripped.Fields.Count);
        for (var i = 0; i < golden.Fields.Count; i++)
        {
            var expected = golden.Fields[i];
            var actual = roundTripped.Fields[i];
            Assert.Equal(expected.Name, actual.Name);
            Assert.Equal(expected.Type, actual.Type);
            Assert.Equal(expected.Nullable, actual.Nullable);
            Assert.Equal(expected.Labels, actual.Labels);
            Assert.Equal(expected.Config?.DisplayName, actual.Config?.DisplayName);
            Assert.Equal(expected.Config?.Decimals, actual.Config?.Decimals);
            Assert.Equal(expected.Config?.Interval, actual.Config?.Interval);
            Assert.Equal(expected.Config?.TypeConfig?.Enum?.Text, actual.Config?.TypeConfig?.Enum?.Text);
            for (var row = 0; row < expected.Length; row++)
            {
                Assert.Equal(expected.GetValue(row), actual.GetValue(row));
            }
        }

        JsonAssert.Equivalent(GoldenJson, JsonNode.Parse(JsonFrameWriter.Write(roundTripped)));
    }

    [Fact]
    public void Encoder_writes_an_arrow_file_not_a_stream()
    {
        var bytes = ArrowFrameWriter.Write(ArrowFrameReader.Read(GoldenArrow));

        Assert.Equal("ARROW1", Encoding.ASCII.GetString(bytes, 0, 6));
        Assert.Equal("ARROW1", Encoding.ASCII.GetString(bytes, bytes.Length - 6, 6));
    }

    [Fact]
    public void Encoder_writes_the_same_arrow_metadata_keys_and_types_as_the_go_sdk()
    {
        var ours = ArrowFrameWriter.Write(ArrowFrameReader.Read(GoldenArrow));

        var goSchema = ReadSchema(GoldenArrow);
        var ourSchema = ReadSchema(ours);

        Assert.Equal(goSchema.Metadata.Keys.Order(), ourSchema.Metadata.Keys.Order());
        Assert.Equal(goSchema.FieldsList.Count, ourSchema.FieldsList.Count);
        for (var i = 0; i < goSchema.FieldsList.Count; i++)
        {
            var go = goSchema.FieldsList[i];
            var our = ourSchema.FieldsList[i];
            Assert.Equal(go.Name, our.Name);
            Assert.Equal(go.DataType.TypeId, our.DataType.TypeId);
            Assert.Equal(go.IsNullable, our.IsNullable);
            Assert.Equal(go.DataType.ToString(), our.DataType.ToString());
            Assert.Equal(go.Metadata["tstype"], our.Metadata["tstype"]);
            Assert.Equal(go.Metadata.ContainsKey("labels"), our.Metadata.ContainsKey("labels"));
            Assert.Equal(go.Metadata.ContainsKey("config"), our.Metadata.ContainsKey("config"));
        }
    }

    private static Apache.Arrow.Schema ReadSchema(byte[] arrowFile)
    {
        using var reader = new ArrowFileReader(new MemoryStream(arrowFile));
        reader.ReadNextRecordBatch()?.Dispose();
        return reader.Schema;
    }
}
