using System.Text.Json.Serialization;

namespace NetObs.Grafana.Frames;

/// <summary>Source-generated (AOT-safe) JSON for frame meta, field config and labels.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FrameMeta))]
[JsonSerializable(typeof(FieldConfig))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class FrameJsonContext : JsonSerializerContext;
