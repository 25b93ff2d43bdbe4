using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NetObs.Testing.Golden;

namespace NetObs.Hubble.Tests;

/// <summary>
/// A JSON file under plugin-frontend/src/contract that a test writes from the backend's definitions and checks like a
/// golden file: a <c>$comment</c> saying where it comes from and how to regenerate it, then one array.
/// </summary>
internal static class FrontendContractFile
{
    /// <summary>Compares the rendered file with the committed one (or rewrites it when golden updates are on).</summary>
    public static void Check(string fileName, string source, string test, string testFilter, string arrayName, Action<Utf8JsonWriter> writeItems)
    {
        var regenerate = $"{GoldenFile.UpdateVariable}=1 dotnet test tests/NetObs.Hubble.Tests --filter {testFilter}";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("$comment", $"Generated from {source} by {test}; do not edit. Regenerate: {regenerate}");
            json.WriteStartArray(arrayName);
            writeItems(json);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        var expected = Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
        GoldenFile.Check(Path.Combine(RepositoryPaths.Root, "plugin-frontend", "src", "contract", fileName), expected);
    }
}
