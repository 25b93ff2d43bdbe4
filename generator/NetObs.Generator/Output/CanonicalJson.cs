using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetObs.Generator.Templates;

namespace NetObs.Generator.Output;

/// <summary>Parses rendered JSON and writes it back in one fixed form: two-space indent, LF, final newline.</summary>
public static class CanonicalJson
{
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        // PromQL is full of '>' and '"'; escaping them as \u003E would make the files unreadable in review.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Parses <paramref name="text"/> rendered from <paramref name="templatePath"/>; invalid JSON names the template and position.</summary>
    public static JsonNode Parse(string text, string templatePath)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false })
                ?? throw new TemplateException([$"{templatePath}:1:1: the template rendered 'null' instead of a JSON object."]);
        }
        catch (JsonException e)
        {
            throw new TemplateException([$"{templatePath}: the rendered output is not valid JSON at output line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}"]);
        }
    }

    public static string Write(JsonNode node) => node.ToJsonString(WriteOptions) + "\n";
}
