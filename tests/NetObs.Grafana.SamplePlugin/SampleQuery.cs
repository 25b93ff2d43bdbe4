using System.Text.Json.Serialization;

namespace NetObs.Grafana.SamplePlugin;

/// <summary>The sample's query model (settable properties: source-generated JSON resets unset init-only ones to default): what to echo, how many rows, how long to wait, what error to raise.</summary>
internal sealed record SampleQuery
{
    [JsonPropertyName("text")]
    public string Text { get; set; } = "";

    [JsonPropertyName("rows")]
    public int Rows { get; set; } = 1;

    [JsonPropertyName("delayMs")]
    public int DelayMs { get; set; }

    [JsonPropertyName("message")]
    public string Message { get; set; } = "failed on purpose";
}

/// <summary>Echo answers of the sample's resources.</summary>
internal sealed record ResourceEcho(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("bodyBytes")] int BodyBytes,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("generation")] int Generation);

/// <summary>Source-generated JSON for the sample (no reflection, AOT-safe).</summary>
[JsonSerializable(typeof(SampleQuery))]
[JsonSerializable(typeof(ResourceEcho))]
internal sealed partial class SampleJsonContext : JsonSerializerContext;
