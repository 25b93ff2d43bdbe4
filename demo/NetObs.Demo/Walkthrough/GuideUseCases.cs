using System.Text.Json.Nodes;

namespace NetObs.Demo.Walkthrough;

/// <summary>The five troubleshooting use cases of the network-observability guide, as the demo walks them on the simulator's scenarios.</summary>
internal static class GuideUseCases
{
    /// <summary>
    /// Keeps reply flows only. `hubble observe` has no flag for FlowFilter.reply, so it goes in as raw JSON; requests
    /// (and drops, which Hubble counts as requests) would otherwise share the groups of DNS return codes and HTTP statuses.
    /// </summary>
    private const string RepliesOnly = "--denylist '{\"reply\":[false]}'";

    /// <summary>
    /// HTTP replies as the client's egress proxy reports them: once per request, including the 403 an ingress L7 policy
    /// answers, and with the answering server as the flow's source (a reply's destination is the client).
    /// </summary>
    private const string ClientSideHttpReplies = "--type l7 --protocol http --traffic-direction egress " + RepliesOnly;

    public static IReadOnlyList<UseCase> All(string rateWindow, string rareEventWindow) =>
    [
        new(1, "DNS failures", "Which DNS queries fail, with which return codes, and which pods send them?",
        [
            new PromStep("DNS responses by return code (Prometheus)",
                $"sort_desc(sum by (rcode) (rate(hubble_dns_responses_total[{rateWindow}])))", ["rcode"], "responses/s"),
            new PromStep("Top failing queries (Prometheus)",
                $"topk(5, sum by (query, rcode) (rate(hubble_dns_responses_total{{rcode!=\"No Error\"}}[{rateWindow}])))", ["query", "rcode"], "responses/s"),
            new PluginStep("Return codes of the DNS responses by query (NetObs top-N)",
                Query("topk", $"--type l7 --protocol dns {RepliesOnly}", ["dns_query", "dns_rcode"], k: 12), MaxRows: 12),
            // A DNS reply goes from CoreDNS to the pod that asked, so the asking pod is the reply's destination. Hubble's
            // filters have no return-code flag, so NOERROR rows are left out as a panel's "filter by value" would.
            new PluginStep("Pods sending the failing queries: NXDOMAIN, SERVFAIL and REFUSED answers by the pod that asked (NetObs top-N of DNS replies)",
                Query("topk", $"--type l7 --protocol dns {RepliesOnly}", ["destination_pod", "dns_rcode"], k: 100),
                MaxRows: 10, View: new RowView(Keep: RowView.Without("dns_rcode", "NOERROR"))),
        ]),
        new(2, "Dropped packets", "What is dropped, for which reason, and which policy denies it?",
        [
            new PromStep("Drops by reason (Prometheus)",
                $"sort_desc(sum by (reason) (rate(hubble_drop_total[{rateWindow}])))", ["reason"], "drops/s"),
            new PluginStep("Drops by reason, source and destination (NetObs top-N)",
                Query("topk", "--verdict DROPPED", ["drop_reason", "source_workload", "destination_workload"], k: 6)),
            new PluginStep("The policy-denied flows and the denying policy (NetObs flows)",
                Query("flows", "--verdict DROPPED --drop-reason-desc POLICY_DENIED", limit: 5),
                ["source_pod", "destination_pod", "destination_port", "drop_reason", "policies_denied"], MaxRows: 5),
        ]),
        new(3, "Imbalance and TCP resets", "Is one pod taking most of the traffic, and who sends the resets?",
        [
            // A connection is counted once, by its first SYN (SYN without ACK); replies, data and probes would blur the share.
            new PluginStep("Connections from store-front per product-service pod: one pod takes most of them (NetObs top-N, share column)",
                Query("topk", "--from-workload store-front --to-workload product-service --tcp-flags SYN --not --tcp-flags ACK", ["destination_pod"], k: 6),
                ["destination_pod", "count", "share"]),
            new PromStep("RST flags by source (Prometheus)",
                $"topk(5, sum by (source) (rate(hubble_tcp_flags_total{{flag=\"RST\"}}[{rateWindow}])))", ["source"], "RST/s"),
            new PluginStep("RST sources and destinations (NetObs top-N)",
                Query("topk", "--tcp-flags RST", ["source_pod", "destination_pod"], k: 6)),
            new PluginStep("SYN without SYN-ACK: connection attempts (NetObs top-N)",
                Query("topk", "--tcp-flags SYN --not --tcp-flags ACK", ["source_pod", "destination_pod"], k: 5)),
        ]),
        new(4, "L7 errors and latency", "Which service returns errors, how often, and how slow is it?",
        [
            new PromStep($"HTTP 5xx ratio by destination pod over {rareEventWindow} (Prometheus)",
                $"sum by (destination) (rate(hubble_http_requests_total{{destination!=\"\",status=~\"5..\"}}[{rareEventWindow}])) / sum by (destination) (rate(hubble_http_requests_total{{destination!=\"\"}}[{rareEventWindow}]))",
                ["destination"], "5xx ratio"),
            new PromStep("HTTP p95 latency by destination pod (Prometheus)",
                $"histogram_quantile(0.95, sum by (destination, le) (rate(hubble_http_request_duration_seconds_bucket{{destination!=\"\"}}[{rateWindow}])))",
                ["destination"], "p95 s"),
            new PluginStep("HTTP responses by answering workload and status (NetObs top-N)",
                Query("topk", ClientSideHttpReplies, ["source_workload", "http_status"], k: 12), MaxRows: 12),
            new PluginStep("p95 latency per answering workload (NetObs time series)",
                Query("timeseries", ClientSideHttpReplies, ["source_workload"], metric: "p95")),
            new PluginStep("Kafka requests by topic and error code (NetObs top-N; 29 is TOPIC_AUTHORIZATION_FAILED)",
                Query("topk", "--protocol kafka", ["kafka_topic", "kafka_error_code"], k: 8)),
        ]),
        new(5, "Cluster health", "Is Hubble healthy, how much does each node see, and what is alerting?",
        [
            new PluginStep("Relay status (NetObs status)", Query("status", "")),
            new PromStep("Flows per second by node (Prometheus)",
                $"sum by (instance) (rate(hubble_flows_processed_total[{rateWindow}]))", ["instance"], "flows/s"),
            new PluginStep("Service map edges with drops, most dropped flows first (NetObs service map)",
                Query("servicemap", "", nodeKind: "workload"),
                ["source", "target", "detail__flows", "drop_ratio", "drop_reasons", "denied_by"],
                View: new RowView("edges", Keep: (frame, row) => RowView.Product("detail__flows", "detail__drop_ratio")(frame, row) > 0, Rank: RowView.Product("detail__flows", "detail__drop_ratio"))),
            new AlertsStep("Alerts in Prometheus"),
        ]),
    ];

    /// <summary>
    /// The sixth use case, when the demo runs a history server: a question about hours the relay's buffer no longer holds,
    /// answered by the same plugin with its `url` pointing at the history server. The incident is the simulator export's:
    /// policy pets/product-service-ingress (revision 5) denies pets/store-admin → pets/product-service for a while.
    /// </summary>
    public static UseCase History(TimeSpan duration) =>
        new(6, "An incident hours ago (history server)", $"What did a policy start denying in the last {duration.TotalHours:0} hours, and which flows did it drop?",
        [
            new HistoryStep($"Policy-denied drops over the last {duration.TotalHours:0} hours by source, destination and port (NetObs top-N, history server)",
                Query("topk", "--verdict DROPPED --drop-reason-desc POLICY_DENIED", ["source_workload", "destination_workload", "destination_port"], k: 6),
                HistoryWindow.All),
            new HistoryStep("The dropped store-admin → product-service flows of the incident and the denying policy (NetObs flows, history server)",
                Query("flows", "--verdict DROPPED --from-workload store-admin --to-workload product-service", limit: 6),
                HistoryWindow.Incident,
                ["timestamp", "source_pod", "destination_pod", "destination_port", "drop_reason", "policies_denied"], MaxRows: 6),
        ]);

    /// <summary>A query in the query model's JSON (DESIGN.md), as a panel target carries it.</summary>
    public static JsonObject Query(string type, string filter, IReadOnlyList<string>? groupBy = null, int? k = null, string? metric = null, int? limit = null, string? nodeKind = null)
    {
        var query = new JsonObject { ["refId"] = "A", ["queryType"] = type, ["filter"] = filter };
        if (groupBy is not null)
        {
            query["groupBy"] = new JsonArray(groupBy.Select(g => (JsonNode)JsonValue.Create(g)!).ToArray());
        }

        if (k is not null)
        {
            query["k"] = k;
        }

        if (metric is not null)
        {
            query["metric"] = metric;
        }

        if (limit is not null)
        {
            query["limit"] = limit;
        }

        if (nodeKind is not null)
        {
            query["nodeKind"] = nodeKind;
        }

        return query;
    }
}
