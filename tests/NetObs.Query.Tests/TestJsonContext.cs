using System.Text.Json.Serialization;

namespace NetObs.Query.Tests;

/// <summary>Source-generated JSON for what the tests read.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
