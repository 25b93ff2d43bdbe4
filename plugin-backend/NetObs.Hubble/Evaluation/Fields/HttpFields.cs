using Cilium.Flow;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// FlowFilter.http_status_code, http_method, http_path, http_url, http_header: L7 HTTP fields, which only
/// L7 events carry (cilium/cilium pkg/hubble/filters/http.go and httpheader.go).
/// </summary>
internal static class HttpFields
{
    private const int AccessLogEventType = 129;

    public static void Add(FlowFilter filter, CostedPredicates predicates)
    {
        var hasHttpFilter = filter.HttpStatusCode.Count > 0 || filter.HttpMethod.Count > 0 || filter.HttpPath.Count > 0
            || filter.HttpUrl.Count > 0 || filter.HttpHeader.Count > 0;
        if (!hasHttpFilter)
        {
            return;
        }

        if (filter.EventType.Count > 0 && !filter.EventType.Any(t => t.Type == AccessLogEventType))
        {
            var which = filter.HttpStatusCode.Count > 0 ? "http status code"
                : filter.HttpMethod.Count > 0 ? "http method"
                : filter.HttpPath.Count > 0 ? "http path"
                : filter.HttpUrl.Count > 0 ? "http url" : "http header";
            throw new InvalidFlowFilterException($"filtering by {which} requires the event type filter to only match 'l7' events");
        }

        AddStatus(filter, predicates);
        AddMethod(filter, predicates);
        AddPath(filter, predicates);
        AddUrl(filter, predicates);
        AddHeader(filter, predicates);
    }

    private static void AddStatus(FlowFilter filter, CostedPredicates predicates)
    {
        if (filter.HttpStatusCode.Count == 0)
        {
            return;
        }

        var status = HttpStatusPattern.Compile(filter.HttpStatusCode);
        predicates.Add(flow => flow.L7?.Http is { Code: > 0 } http && status.Matches(http.Code));
    }

    private static void AddMethod(FlowFilter filter, CostedPredicates predicates)
    {
        if (filter.HttpMethod.Count == 0)
        {
            return;
        }

        var methods = filter.HttpMethod.ToArray();
        predicates.Add(flow =>
        {
            if (flow.L7?.Http is not { } http)
            {
                return false;
            }

            foreach (var method in methods)
            {
                if (string.Equals(method, http.Method, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }, CostedPredicates.Text);
    }

    private static void AddPath(FlowFilter filter, CostedPredicates predicates)
    {
        if (filter.HttpPath.Count == 0)
        {
            return;
        }

        var patterns = Re2Regex.CompileAll(filter.HttpPath, "invalid http path filter");
        predicates.Add(flow => flow.L7?.Http is { } http && HttpUrlParts.TryGetPath(http.Url, out var path) && Re2Regex.AnyMatch(patterns, path), CostedPredicates.Regex);
    }

    private static void AddUrl(FlowFilter filter, CostedPredicates predicates)
    {
        if (filter.HttpUrl.Count == 0)
        {
            return;
        }

        var patterns = Re2Regex.CompileAll(filter.HttpUrl, "invalid http url filter");
        predicates.Add(flow => flow.L7?.Http is { } http && Re2Regex.AnyMatch(patterns, http.Url), CostedPredicates.Regex);
    }

    private static void AddHeader(FlowFilter filter, CostedPredicates predicates)
    {
        if (filter.HttpHeader.Count == 0)
        {
            return;
        }

        var headers = filter.HttpHeader.Select(h => (h.Key, h.Value)).ToArray();
        predicates.Add(flow =>
        {
            if (flow.L7?.Http is not { } http)
            {
                return false;
            }

            for (var i = 0; i < http.Headers.Count; i++)
            {
                var header = http.Headers[i];
                foreach (var (key, value) in headers)
                {
                    if (header.Key == key && header.Value == value)
                    {
                        return true;
                    }
                }
            }

            return false;
        }, CostedPredicates.Text);
    }
}
