using System.Globalization;
using System.Text.Json;

namespace NetObs.Query.Model;

/// <summary>
/// Says where JSON from a user is broken, in words: the line and column of a syntax error, or the path of a string
/// whose escapes do not form text (a lone surrogate such as <c>\udc00</c>), which System.Text.Json accepts while
/// parsing and only refuses when the string is read.
/// </summary>
public static class JsonInputText
{
    /// <summary>"at line 1, column 17" for a syntax error (the parser counts both from 0).</summary>
    public static string Where(JsonException error)
    {
        var line = (error.LineNumber ?? 0) + 1;
        var column = (error.BytePositionInLine ?? 0) + 1;
        return string.Create(CultureInfo.InvariantCulture, $"at line {line}, column {column}");
    }

    /// <summary>The path (<c>$.groupBy[2]</c>) of the first string or property name that is not valid Unicode, or null when all are.</summary>
    public static string? FindInvalidText(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsReadable(element) ? null : path;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindInvalidText(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]")) is { } found)
                    {
                        return found;
                    }

                    index++;
                }

                return null;
            case JsonValueKind.Object:
                var position = 0;
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return string.Create(CultureInfo.InvariantCulture, $"{path} (the name of property {position + 1})");
                    }

                    if (FindInvalidText(property.Value, $"{path}.{name}") is { } found)
                    {
                        return found;
                    }

                    position++;
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The sentence for an invalid string at <paramref name="path"/>.</summary>
    public static string InvalidTextProblem(string path) =>
        $"the string at {path} contains a \\u escape that is not a character (a lone UTF-16 surrogate such as \\udc00); remove it or write the character itself.";

    private static bool IsReadable(JsonElement element)
    {
        try
        {
            _ = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
