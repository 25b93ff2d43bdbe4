using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetObs.Grafana.Frames;

/// <summary>Display configuration of a field (grafana-plugin-sdk-go data/field_config.go); Go decodes it strictly.</summary>
public sealed record FieldConfig
{
    [JsonPropertyName("displayName")]
    public string? DisplayName { get; init; }

    [JsonPropertyName("displayNameFromDS")]
    public string? DisplayNameFromDataSource { get; init; }

    [JsonPropertyName("path")]
    public string? Path { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("filterable")]
    public bool? Filterable { get; init; }

    [JsonPropertyName("writeable")]
    public bool? Writeable { get; init; }

    [JsonPropertyName("unit")]
    public string? Unit { get; init; }

    [JsonPropertyName("decimals")]
    public ushort? Decimals { get; init; }

    [JsonPropertyName("min")]
    public double? Min { get; init; }

    [JsonPropertyName("max")]
    public double? Max { get; init; }

    /// <summary>Expected interval between values, in milliseconds.</summary>
    [JsonPropertyName("interval")]
    public double? Interval { get; init; }

    /// <summary>Value mappings, passed through as JSON (each needs a <c>type</c> of value, range, regex or special).</summary>
    [JsonPropertyName("mappings")]
    public JsonElement? Mappings { get; init; }

    [JsonPropertyName("thresholds")]
    public ThresholdsConfig? Thresholds { get; init; }

    /// <summary>Colour scheme, e.g. <c>{"mode":"fixed","fixedColor":"green"}</c>.</summary>
    [JsonPropertyName("color")]
    public JsonElement? Color { get; init; }

    [JsonPropertyName("links")]
    public IReadOnlyList<DataLink>? Links { get; init; }

    [JsonPropertyName("noValue")]
    public string? NoValue { get; init; }

    [JsonPropertyName("type")]
    public FieldTypeConfig? TypeConfig { get; init; }

    [JsonPropertyName("custom")]
    public JsonElement? Custom { get; init; }
}

/// <summary>Thresholds of a field: a mode and ascending steps.</summary>
public sealed record ThresholdsConfig
{
    /// <summary><c>absolute</c> or <c>percentage</c>.</summary>
    [JsonPropertyName("mode")]
    public string Mode { get; init; } = "absolute";

    [JsonPropertyName("steps")]
    public IReadOnlyList<Threshold> Steps { get; init; } = [];
}

/// <summary>One threshold step; the first step's value is null (minus infinity).</summary>
public sealed record Threshold
{
    [JsonPropertyName("value")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? Value { get; init; }

    [JsonPropertyName("color")]
    public string Color { get; init; } = "";

    [JsonPropertyName("state")]
    public string? State { get; init; }
}

/// <summary>A link shown on a field's values.</summary>
public sealed record DataLink
{
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    [JsonPropertyName("targetBlank")]
    public bool? TargetBlank { get; init; }

    [JsonPropertyName("url")]
    public string? Url { get; init; }

    /// <summary>An internal link (query, datasourceUid, datasourceName, ...), passed through as JSON.</summary>
    [JsonPropertyName("internal")]
    public JsonElement? Internal { get; init; }
}

/// <summary>The <c>type</c> block of a field config; today only enums use it.</summary>
public sealed record FieldTypeConfig
{
    [JsonPropertyName("enum")]
    public EnumFieldConfig? Enum { get; init; }
}

/// <summary>Texts (and optional colours, icons, descriptions) of an enum field, indexed by value.</summary>
public sealed record EnumFieldConfig
{
    [JsonPropertyName("text")]
    public IReadOnlyList<string>? Text { get; init; }

    [JsonPropertyName("color")]
    public IReadOnlyList<string>? Color { get; init; }

    [JsonPropertyName("icon")]
    public IReadOnlyList<string>? Icon { get; init; }

    [JsonPropertyName("description")]
    public IReadOnlyList<string>? Description { get; init; }
}
