using Cilium.Flow;
using NetObs.Hubble.Evaluation;

namespace NetObs.Hubble.Filtering;

/// <summary><c>--http-status</c>, <c>--http-method</c>, <c>--http-path</c>, <c>--http-url</c>, <c>--http-header</c>: L7 HTTP fields.</summary>
internal static class HttpFlags
{
    public static IReadOnlyList<ObserveFlagDefinition> All { get; } =
    [
        new FilterFlag(Flag("http-status", ObserveValueKind.HttpStatus, "HTTP status code, full (404) or prefix (5+, 40+)"), use =>
        {
            var value = use.Value;
            use.Validate(() => HttpStatusPattern.Compile([value]));
            use.Tracker.Both(f => f.HttpStatusCode.Add(value));
        }),
        new FilterFlag(Flag("http-method", ObserveValueKind.Text, "HTTP method (case-insensitive)"), use =>
        {
            use.RequireValue();
            var value = use.Value;
            use.Tracker.Both(f => f.HttpMethod.Add(value));
        }),
        new FilterFlag(Flag("http-path", ObserveValueKind.Regex, "Regular expression over the HTTP path"), use =>
        {
            var value = use.Value;
            use.Validate(() => Re2Regex.Compile(value, "invalid http path filter"));
            use.Tracker.Both(f => f.HttpPath.Add(value));
        }),
        new FilterFlag(Flag("http-url", ObserveValueKind.Regex, "Regular expression over the full HTTP URL"), use =>
        {
            var value = use.Value;
            use.Validate(() => Re2Regex.Compile(value, "invalid http url filter"));
            use.Tracker.Both(f => f.HttpUrl.Add(value));
        }),
        new FilterFlag(Flag("http-header", ObserveValueKind.HttpHeader, "HTTP header key:value"), use =>
        {
            var value = use.Value;
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw use.Error($"filter: invalid {use.Typed} value '{TextExcerpt.Of(value)}' at position {use.At.Position}; expected name:value, e.g. content-type:application/json");
            }

            var header = new HTTPHeader { Key = value[..colon], Value = value[(colon + 1)..] };
            use.Tracker.Both(f => f.HttpHeader.Add(header.Clone()));
        }),
    ];

    private static ObserveFlag Flag(string name, ObserveValueKind value, string description) =>
        new(name, null, value, ObserveFlagFamily.Http, description);
}
