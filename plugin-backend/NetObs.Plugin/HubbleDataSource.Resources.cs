using System.Text;
using System.Text.Json;
using Cilium.Flow;
using Google.Protobuf;
using NetObs.Grafana;
using NetObs.Plugin.Resources;
using NetObs.Query.Model;
using NetObs.Query.Queries;
using NetObs.Query.Results;
using NetObs.Query.Variables;

namespace NetObs.Plugin;

/// <summary>CallResource: the variable resources and <c>validate</c> (paths documented in README's Resources section).</summary>
internal sealed partial class HubbleDataSource
{
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
                "labels" => await _variables.LabelKeysAsync(cancellationToken).ConfigureAwait(false),
                "fqdns" => await _variables.FqdnsAsync(cancellationToken).ConfigureAwait(false),
                "label-values" when Blank(request.QueryParameter("key")) is { } key => await _variables.LabelValuesAsync(key, cancellationToken).ConfigureAwait(false),
                _ => null,
            };

            var response = found is not null ? Values(found)
                : path == "label-values" ? Error(400, "label-values needs the label key as ?key=, e.g. label-values?key=app.")
                : Error(404, $"No resource '{path}'; use one of namespaces, pods, workloads, nodes, labels, label-values, fqdns, drop-reasons, verdicts, validate.");
            await sender.SendAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (_settings.Settings is not null)
        {
            var failure = RelayFailures.Describe(e, _settings.Settings);
            await sender.SendAsync(Error(failure.FailureSource == FailureSource.Downstream ? 502 : 500, failure.Message), cancellationToken).ConfigureAwait(false);
        }
    }

    private static CallResourceResponse Validate(CallResourceRequest request)
    {
        if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return Error(405, "validate takes POST with a JSON body {\"filter\":\"--namespace pets\"}.");
        }

        ValidateRequestBody? body;
        try
        {
            body = JsonSerializer.Deserialize(request.Body.Span, ResourceJsonContext.Default.ValidateRequestBody);
        }
        catch (JsonException e)
        {
            return Error(400, $"validate: the body is not valid JSON ({e.Message}); send {{\"filter\":\"--namespace pets\"}}.");
        }

        var text = body?.Filter ?? string.Empty;
        var (filter, problem) = FilterCompiler.Compile(text);
        ValidateBody answer = filter is not null
            ? new ValidateBody(true, filter.Canonical, ToJson(filter.Allowlist), ToJson(filter.Denylist), null)
            : new ValidateBody(false, null, null, null, new ValidateError(FilterCompiler.Describe(text, problem!), problem!.Position, problem.Token));
        return CallResourceResponse.Json(200, answer, ResourceJsonContext.Default.ValidateBody);
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
