using Cilium.Observer;
using NetObs.Hubble.Import;

namespace NetObs.History.Import;

/// <summary>
/// Reads one line of a <c>hubble observe -o jsonpb</c> capture or a Hubble exporter file (one ExportEvent
/// per line: flow, lost_events, agent_event, debug_event, node_status) with the plugin's jsonpb reader,
/// and says what it is.
/// </summary>
/// <remarks>
/// Flow and lost-events lines are read once, by <see cref="Utf8JsonpbParser"/>; every other line (and any line that
/// reader leaves to Google.Protobuf's JsonParser) goes through the plugin's reader as before, so the result and every
/// message are the same either way. Safe to call from several threads at once.
/// </remarks>
public static class FlowLineClassifier
{
    private static readonly Cilium.Flow.Flow EmptyFlow = new();
    private static readonly Utf8JsonpbParser FastParser = new(GetFlowsResponse.Descriptor);

    /// <summary>The line as a response holding a flow or lost events, or the reason it holds neither.</summary>
    public static (GetFlowsResponse? Response, SkippedLine? Skipped) Classify(string line, long lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (string.IsNullOrWhiteSpace(line))
        {
            return (null, new SkippedLine(lineNumber, SkipReason.Blank, $"line {lineNumber}: blank"));
        }

        GetFlowsResponse? response;
        try
        {
            response = ParseFast(line) ?? JsonpbFlowReader.ParseLine(line, lineNumber);
        }
        catch (JsonpbImportException e)
        {
            return (null, new SkippedLine(lineNumber, SkipReason.Corrupt, e.Message));
        }

        if (response is null)
        {
            // The reader passes over agent and debug events of exporter files; say which it was.
            var agent = line.Contains("\"agent_event\"", StringComparison.Ordinal) || line.Contains("\"agentEvent\"", StringComparison.Ordinal);
            return agent
                ? (null, new SkippedLine(lineNumber, SkipReason.AgentEvent, $"line {lineNumber}: an agent event, not a flow"))
                : (null, new SkippedLine(lineNumber, SkipReason.DebugEvent, $"line {lineNumber}: a debug event, not a flow"));
        }

        if (response.Flow is { } flow && flow.Equals(EmptyFlow))
        {
            // The reader takes any object for a bare flow (the CLI's old -o json); one without a single flow field is not a flow.
            return (null, new SkippedLine(lineNumber, SkipReason.Corrupt, $"line {lineNumber}: a JSON object without any Hubble flow field"));
        }

        return response.ResponseTypesCase switch
        {
            GetFlowsResponse.ResponseTypesOneofCase.Flow or GetFlowsResponse.ResponseTypesOneofCase.LostEvents => (response, null),
            GetFlowsResponse.ResponseTypesOneofCase.NodeStatus => (null, new SkippedLine(lineNumber, SkipReason.NodeStatus, $"line {lineNumber}: a relay node-status message, not a flow")),
            _ => (null, new SkippedLine(lineNumber, SkipReason.Corrupt, $"line {lineNumber}: a JSON object with neither a flow nor lost events")),
        };
    }

    /// <summary>A flow or lost-events line read by the fast reader, completed as JsonpbFlowReader completes it; null otherwise.</summary>
    private static GetFlowsResponse? ParseFast(string line)
    {
        if (FastParser.TryParse(line) is not GetFlowsResponse response
            || response.ResponseTypesCase is not (GetFlowsResponse.ResponseTypesOneofCase.Flow or GetFlowsResponse.ResponseTypesOneofCase.LostEvents))
        {
            return null;
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
}
