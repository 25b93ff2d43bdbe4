using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetObs.Plugin.Resources;

/// <summary>The answer of the variable resources: <c>{"values":[...]}</c>.</summary>
internal sealed record ValuesBody([property: JsonPropertyName("values")] IReadOnlyList<string> Values);

/// <summary>Where and why a filter is invalid.</summary>
internal sealed record ValidateError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("position")] int Position,
    [property: JsonPropertyName("token")] string Token);

/// <summary>The answer of <c>POST validate</c>: the canonical filter and its FlowFilters, or the error.</summary>
internal sealed record ValidateBody(
    [property: JsonPropertyName("valid")] bool Valid,
    [property: JsonPropertyName("canonical")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Canonical,
    [property: JsonPropertyName("allowlist")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Allowlist,
    [property: JsonPropertyName("denylist")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Denylist,
    [property: JsonPropertyName("error")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ValidateError? Error);

/// <summary>An error answer of a resource: <c>{"error":"..."}</c>.</summary>
internal sealed record ErrorBody([property: JsonPropertyName("error")] string Error);

/// <summary>Source-generated (Native AOT safe) JSON for the resource bodies.</summary>
[JsonSerializable(typeof(ValuesBody))]
[JsonSerializable(typeof(ValidateBody))]
[JsonSerializable(typeof(ErrorBody))]
internal sealed partial class ResourceJsonContext : JsonSerializerContext;
