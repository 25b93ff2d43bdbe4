using System.Globalization;
using System.Text.Json.Nodes;

namespace NetObs.Grafana.Tests;

/// <summary>Structural JSON comparison that treats numbers by value and a null member like a missing one.</summary>
/// <remarks>
/// Go writes float32 values in their shortest float32 form (1e-45) and .NET in its own (1E-45); both are the same
/// float. Go's field config writes unset min/max as null where our writer leaves them out; Go reads both as unset.
/// </remarks>
internal static class JsonAssert
{
    public static void Equivalent(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{path}: expected null, got {actual?.ToJsonString()}");
                break;
            case JsonObject expectedObject:
                var actualObject = Assert.IsType<JsonObject>(actual, exactMatch: false);
                var keys = expectedObject.Where(p => p.Value is not null).Select(p => p.Key)
                    .Union(actualObject.Where(p => p.Value is not null).Select(p => p.Key));
                foreach (var key in keys)
                {
                    Assert.True(expectedObject.ContainsKey(key) && expectedObject[key] is not null, $"{path}.{key}: unexpected member {actualObject[key]?.ToJsonString()}");
                    Assert.True(actualObject.ContainsKey(key) && actualObject[key] is not null, $"{path}.{key}: missing member, expected {expectedObject[key]?.ToJsonString()}");
                    Equivalent(expectedObject[key], actualObject[key], $"{path}.{key}");
                }

                break;
            case JsonArray expectedArray:
                var actualArray = Assert.IsType<JsonArray>(actual, exactMatch: false);
                Assert.True(expectedArray.Count == actualArray.Count, $"{path}: expected {expectedArray.Count} elements, got {actualArray.Count}");
                for (var i = 0; i < expectedArray.Count; i++)
                {
                    Equivalent(expectedArray[i], actualArray[i], $"{path}[{i}]");
                }

                break;
            case JsonValue expectedValue:
                Assert.True(actual is JsonValue, $"{path}: expected {expectedValue.ToJsonString()}, got {actual?.ToJsonString()}");
                var expectedText = expectedValue.ToJsonString();
                var actualText = actual!.ToJsonString();
                if (expectedText == actualText)
                {
                    break;
                }

                Assert.True(NumbersEqual(expectedText, actualText), $"{path}: expected {expectedText}, got {actualText}");
                break;
        }
    }

    private static bool NumbersEqual(string expected, string actual)
    {
        if (decimal.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var e)
            && decimal.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && e == a)
        {
            return true;
        }

        // Values outside decimal's range: equal when they are the same float32 or the same double.
        return double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var ed)
            && double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var ad)
            && (ed == ad || (float)ed == (float)ad);
    }
}
