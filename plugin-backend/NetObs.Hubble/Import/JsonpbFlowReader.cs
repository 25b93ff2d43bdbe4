using System.Runtime.CompilerServices;
using Cilium.Flow;
using Cilium.Observer;
using Google.Protobuf;

namespace NetObs.Hubble.Import;

/// <summary>
/// Reads <c>hubble observe -o jsonpb</c> output (and Hubble exporter / ACNS flow-log lines): one
/// GetFlowsResponse JSON object per line. Proto field names and lowerCamel names, enum names and
/// numbers, and 64-bit integers as strings or numbers are all accepted; fields from newer Cilium
/// versions are skipped. Lines holding only a Flow (the CLI's legacy <c>-o json</c>) are wrapped.
/// Agent and debug events of exporter files are skipped, as GetFlows never returns them.
/// </summary>
public static class JsonpbFlowReader
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <summary>Reads every response from a file written by <c>hubble observe -o jsonpb</c>.</summary>
    public static async IAsyncEnumerable<GetFlowsResponse> ReadAsync(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (ParseLine(line, lineNumber) is { } response)
            {
                yield return response;
            }
        }
    }

    /// <summary>Reads every response synchronously.</summary>
    public static IEnumerable<GetFlowsResponse> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (ParseLine(line, lineNumber) is { } response)
            {
                yield return response;
            }
        }
    }

    /// <summary>Parses one line; returns null for blank lines and for events GetFlows never carries.</summary>
    public static GetFlowsResponse? ParseLine(string line, long lineNumber = 1)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = line.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (text[0] != '{')
        {
            throw new JsonpbImportException(
                $"line {lineNumber}: expected one JSON object per line (hubble observe -o jsonpb), got '{Preview(text)}'", lineNumber);
        }

        try
        {
            var response = Parser.Parse<GetFlowsResponse>(text);
            if (response.ResponseTypesCase == GetFlowsResponse.ResponseTypesOneofCase.None)
            {
                if (IsExportEventWithoutFlow(text))
                {
                    return null;
                }

                response = new GetFlowsResponse { Flow = Parser.Parse<Flow>(text) };
            }

            if (response.Flow is { } flow)
            {
                response.Time ??= flow.Time;
                if (response.NodeName.Length == 0)
                {
                    response.NodeName = flow.NodeName;
                }
            }

            return response;
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new JsonpbImportException($"line {lineNumber}: not a Hubble GetFlowsResponse: {e.Message}", lineNumber, e);
        }
        catch (InvalidJsonException e)
        {
            throw new JsonpbImportException($"line {lineNumber}: invalid JSON: {e.Message}", lineNumber, e);
        }
        catch (FormatException e)
        {
            throw new JsonpbImportException($"line {lineNumber}: a value has the wrong format: {e.Message}", lineNumber, e);
        }
    }

    private static bool IsExportEventWithoutFlow(string text)
    {
        var export = Parser.Parse<ExportEvent>(text);
        return export.ResponseTypesCase is ExportEvent.ResponseTypesOneofCase.AgentEvent or ExportEvent.ResponseTypesOneofCase.DebugEvent;
    }

    private static string Preview(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
