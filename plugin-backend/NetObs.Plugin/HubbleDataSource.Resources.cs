using System.Text;
using System.Text.Json;
using Cilium.Flow;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using NetObs.Grafana;
using NetObs.Hubble.Filtering;
using NetObs.Plugin.Resources;
using NetObs.Query.Model;
using NetObs.Query.Queries;
using NetObs.Query.Results;
using NetObs.Query.Variables;

namespace NetObs.Plugin;

/// <summary>CallResource: the variable resources and <c>validate</c> (paths documented in docs/variables.md, Resources).</summary>
internal sealed partial class HubbleDataSource
{
    /// <summary>Larger validate bodies are refused unread: the filter in them is at most a few kilobytes.</summary>
    public const int MaxValidateBodyBytes = 64 * 1024;

    private static readonly JsonFormatter FilterJson = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));

    public async Task CallResourceAsync(CallResourceRequest request, IResourceResponseSender sender, CancellationToken cancellationToken)
    {
        var path = request.Path.Trim('/');
        try
        {
            if (path == "validate")
            {
                await sender.SendAsync(Validate(request), cancellationToken).ConfigureAwait(false);
                return;
            }

            if (path is "drop-reasons" or "verdicts")
            {
                var values = path == "verdicts" ? VariableResources.Verdicts() : VariableResources.DropReasons();
                await sender.SendAsync(Values(values), cancellationToken).ConfigureAwait(false);
                return;
            }

            if (_variables is null || _settings.Settings is null)
            {
                await sender.SendAsync(Error(400, _settings.ErrorMessage), cancellationToken).ConfigureAwait(false);
                return;
            }

            var ns = Blank(request.QueryParameter("namespace"));
            IReadOnlyList<string>? found = path switch
            {
                "namespaces" => await _variables.NamespacesAsync(cancellationToken).ConfigureAwait(false),
                "pods" => await _variables.PodsAsync(ns, cancellationToken).ConfigureAwait(false),
                "workloads" => await _variables.WorkloadsAsync(ns, cancellationToken).ConfigureAwait(false),
                "nodes" => await _variables.NodesAsync(cancellationToken).ConfigureAwait(false),
                "clusters" => await _variables.ClustersAsync(cancellationToken).ConfigureAwait(false),
                "labels" => await _variables.LabelKeysAsync(cancellationToken).ConfigureAwait(false),
                "fqdns" => await _variables.FqdnsAsync(cancellationToken).ConfigureAwait(false),
                "label-values" when Blank(request.QueryParameter("key")) is { } key => await _variables.LabelValuesAsync(key, cancellationToken).ConfigureAwait(false),
                _ => null,
            };

            var response = found is not null ? Values(found)
                : path == "label-values" ? Error(400, "label-values needs the label key as ?key=, e.g. label-values?key=app.")
                : Error(404, $"No resource '{path}'; use one of namespaces, pods, workloads, nodes, clusters, labels, label-values, fqdns, drop-reasons, verdicts, validate.");
            await sender.SendAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (_settings.Settings is not null)
        {
            var failure = RelayFailures.Describe(e);
            if (failure.LogReference is { } reference)
            {
                _logger.LogError(e, "Resource {Path} failed inside the plugin (reference {Reference})", path, reference);
            }

            await sender.SendAsync(Error(failure.FailureSource == FailureSource.Downstream ? 502 : 500, failure.Message), cancellationToken).ConfigureAwait(false);
        }
    }

    private static CallResourceResponse Validate(CallResourceRequest request)
    {
        if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return Error(405, "validate takes POST with a JSON body {\"filter\":\"--namespace pets\"}.");
        }

        if (request.Body.Length > MaxValidateBodyBytes)
        {
            return Error(413, $"validate: the body is {request.Body.Length:N0} bytes, more than the limit of {MaxValidateBodyBytes:N0}; send {{\"filter\":\"--namespace pets\"}} with a filter of at most {ObserveFilterParser.MaxLength:N0} characters.");
        }

        var (filterText, bodyProblem) = ReadFilter(request.Body);
        if (bodyProblem is not null)
        {
            return Error(400, $"validate: {bodyProblem} Send {{\"filter\":\"--namespace pets\"}}.");
        }

        var text = filterText ?? string.Empty;
        var (filter, problem) = FilterCompiler.Compile(text);
        ValidateBody answer = filter is not null
            ? new ValidateBody(true, filter.Canonical, ToJson(filter.Allowlist), ToJson(filter.Denylist), null)
            : new ValidateBody(false, null, null, null, new ValidateError(FilterCompiler.Describe(text, problem!), problem!.Position, problem.Token));
        return CallResourceResponse.Json(200, answer, ResourceJsonContext.Default.ValidateBody);
    }

    /// <summary>The <c>filter</c> string of a validate body, or a sentence saying where the body is wrong (never a .NET type name, issue 12).</summary>
    private static (string? Filter, string? Problem) ReadFilter(ReadOnlyMemory<byte> body)
    {
        if (body.Span.Trim(" \t\r\n"u8).Length == 0)
        {
            return (null, null);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return (null, $"the body is not valid JSON {JsonInputText.Where(e)}.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, $"the body must be a JSON object, got a {root.ValueKind.ToString().ToLowerInvariant()}.");
            }

            if (JsonInputText.FindInvalidText(root) is { } invalidAt)
            {
                return (null, JsonInputText.InvalidTextProblem(invalidAt));
            }

            if (!root.TryGetProperty("filter", out var filter) || filter.ValueKind == JsonValueKind.Null)
            {
                return (null, null);
            }

            return filter.ValueKind == JsonValueKind.String
                ? (filter.GetString(), null)
                : (null, $"$.filter must be a string, got a {filter.ValueKind.ToString().ToLowerInvariant()}.");
        }
    }

    private static JsonElement ToJson(IReadOnlyList<FlowFilter> filters)
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < filters.Count; i++)
        {
            json.Append(i == 0 ? string.Empty : ",").Append(FilterJson.Format(filters[i]));
        }

        using var document = JsonDocument.Parse(json.Append(']').ToString());
        return document.RootElement.Clone();
    }

    private static CallResourceResponse Values(IReadOnlyList<string> values) =>
        CallResourceResponse.Json(200, new ValuesBody(values), ResourceJsonContext.Default.ValuesBody);

    private static CallResourceResponse Error(int status, string message) =>
        CallResourceResponse.Json(status, new ErrorBody(message), ResourceJsonContext.Default.ErrorBody);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
