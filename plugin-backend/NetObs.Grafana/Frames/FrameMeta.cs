using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetObs.Grafana.Frames;

/// <summary>Frame metadata as Grafana's Go decoder expects it (grafana-plugin-sdk-go data/frame_meta.go).</summary>
public sealed record FrameMeta
{
    /// <summary>The data-plane frame type, e.g. <see cref="FrameTypes.TimeSeriesMulti"/>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    /// <summary>Always written, as Go does: Grafana reads it as a <c>[major, minor]</c> array.</summary>
    [JsonPropertyName("typeVersion")]
    public FrameTypeVersion TypeVersion { get; init; }

    [JsonPropertyName("path")]
    public string? Path { get; init; }

    [JsonPropertyName("pathSeparator")]
    public string? PathSeparator { get; init; }

    [JsonPropertyName("custom")]
    public JsonElement? Custom { get; init; }

    [JsonPropertyName("stats")]
    public IReadOnlyList<QueryStat>? Stats { get; init; }

    [JsonPropertyName("notices")]
    public IReadOnlyList<Notice>? Notices { get; init; }

    [JsonPropertyName("channel")]
    public string? Channel { get; init; }

    /// <summary>e.g. <c>graph</c>, <c>table</c>, <c>logs</c>, <c>trace</c>, <c>nodeGraph</c>.</summary>
    [JsonPropertyName("preferredVisualisationType")]
    public string? PreferredVisualisationType { get; init; }

    [JsonPropertyName("preferredVisualisationPluginId")]
    public string? PreferredVisualisationPluginId { get; init; }

    /// <summary>Shown in Grafana's query inspector.</summary>
    [JsonPropertyName("executedQueryString")]
    public string? ExecutedQueryString { get; init; }

    [JsonPropertyName("dataTopic")]
    public string? DataTopic { get; init; }

    [JsonPropertyName("uniqueRowIdFields")]
    public IReadOnlyList<int>? UniqueRowIdFields { get; init; }
}

/// <summary>Frame type names of Grafana's data plane (grafana-plugin-sdk-go data/frame_type.go).</summary>
public static class FrameTypes
{
    public const string TimeSeriesWide = "timeseries-wide";
    public const string TimeSeriesLong = "timeseries-long";
    public const string TimeSeriesMulti = "timeseries-multi";
    public const string NumericWide = "numeric-wide";
    public const string NumericMulti = "numeric-multi";
    public const string NumericLong = "numeric-long";
    public const string LogLines = "log-lines";
    public const string Table = "table";
}

/// <summary>A data-plane type version, serialized as Grafana's <c>[major, minor]</c> array.</summary>
[JsonConverter(typeof(FrameTypeVersionJsonConverter))]
public readonly record struct FrameTypeVersion(uint Major, uint Minor);

/// <summary>A query statistic shown in the inspector: a display config plus a number.</summary>
public sealed record QueryStat
{
    [JsonPropertyName("displayName")]
    public string? DisplayName { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("unit")]
    public string? Unit { get; init; }

    [JsonPropertyName("decimals")]
    public ushort? Decimals { get; init; }

    [JsonPropertyName("value")]
    public double Value { get; init; }
}

/// <summary>A notice shown above a panel.</summary>
public sealed record Notice
{
    [JsonPropertyName("severity")]
    public NoticeSeverity Severity { get; init; }

    [JsonPropertyName("text")]
    public string Text { get; init; } = "";

    [JsonPropertyName("link")]
    public string? Link { get; init; }
}

/// <summary>Notice severities; Grafana's decoder rejects any other string.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NoticeSeverity>))]
public enum NoticeSeverity
{
    [JsonStringEnumMemberName("info")]
    Info,

    [JsonStringEnumMemberName("warning")]
    Warning,

    [JsonStringEnumMemberName("error")]
    Error,
}

/// <summary>Reads and writes <see cref="FrameTypeVersion"/> as a two-element array.</summary>
internal sealed class FrameTypeVersionJsonConverter : JsonConverter<FrameTypeVersion>
{
    public override FrameTypeVersion Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("typeVersion must be an array [major, minor].");
        }

        reader.Read();
        var major = reader.GetUInt32();
        reader.Read();
        var minor = reader.GetUInt32();
        reader.Read();
        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("typeVersion must have exactly two elements [major, minor].");
        }

        return new FrameTypeVersion(major, minor);
    }

    public override void Write(Utf8JsonWriter writer, FrameTypeVersion value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.Major);
        writer.WriteNumberValue(value.Minor);
        writer.WriteEndArray();
    }
}
