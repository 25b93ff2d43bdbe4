using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace NetObs.Grafana;

/// <summary>An HTTP request Grafana forwards to <c>/api/datasources/uid/&lt;uid&gt;/resources/&lt;path&gt;</c>.</summary>
public sealed record CallResourceRequest
{
    public required PluginContext PluginContext { get; init; }

    /// <summary>The part after <c>resources/</c>, without a leading slash and without the query string.</summary>
    public string Path { get; init; } = "";

    public string Method { get; init; } = "GET";

    /// <summary>The path plus the query string.</summary>
    public string Url { get; init; } = "";

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The first value of query parameter <paramref name="name"/> in <see cref="Url"/>, or null.</summary>
    public string? QueryParameter(string name)
    {
        var query = Url.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? Url[(at + 1)..] : "";
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (Uri.UnescapeDataString(parts[0].Replace('+', ' ')) == name)
            {
                return parts.Length == 2 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : "";
            }
        }

        return null;
    }
}

/// <summary>One message of a resource response; Grafana takes status and headers from the first one.</summary>
public sealed record CallResourceResponse(
    int Status,
    ReadOnlyMemory<byte> Body,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Headers = null)
{
    /// <summary>A JSON response (AOT-safe: pass the source-generated type info).</summary>
    public static CallResourceResponse Json<T>(int status, T value, JsonTypeInfo<T> typeInfo) =>
        new(status, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), JsonContentType);

    public static CallResourceResponse Text(int status, string text) =>
        new(status, Encoding.UTF8.GetBytes(text), new Dictionary<string, IReadOnlyList<string>> { ["Content-Type"] = ["text/plain; charset=utf-8"] });

    internal static IReadOnlyDictionary<string, IReadOnlyList<string>> JsonContentType { get; } =
        new Dictionary<string, IReadOnlyList<string>> { ["Content-Type"] = ["application/json"] };
}

/// <summary>Sends the (possibly streamed) messages of a resource response.</summary>
public interface IResourceResponseSender
{
    Task SendAsync(CallResourceResponse response, CancellationToken cancellationToken);
}

/// <summary>Answers resource calls (variable queries, editor look-ups, validation).</summary>
public interface ICallResourceHandler
{
    Task CallResourceAsync(CallResourceRequest request, IResourceResponseSender sender, CancellationToken cancellationToken);
}
