using Cilium.Observer;
using NetObs.Hubble.Relay;
using NetObs.Query.Queries;
using NetObs.Query.Results;

namespace NetObs.Query.QueryTypes.Status;

/// <summary>The <c>status</c> query: the relay's ServerStatus (buffer, flows seen, nodes, version, uptime) and its nodes.</summary>
public static class StatusQuery
{
    public static async Task<StatusResult> RunAsync(QueryExecution execution, CancellationToken cancellationToken)
    {
        var status = await execution.Source.ServerStatusAsync(cancellationToken).ConfigureAwait(false);
        var notices = new List<QueryNotice>();
        IReadOnlyList<Node> nodes = [];
        try
        {
            nodes = [.. (await execution.Source.GetNodesAsync(cancellationToken).ConfigureAwait(false)).Nodes];
        }
        catch (RelayException e) when (e.Failure == RelayFailure.Unimplemented)
        {
            // A single Hubble server (not a relay) has no GetNodes; the status row still stands.
            notices.Add(new QueryNotice(NoticeSeverity.Info, "The server does not implement GetNodes (it is a Hubble server, not Hubble Relay); no node list."));
        }

        return new StatusResult(execution.Query.RefId, "hubble status", notices, status, nodes);
    }
}
