namespace NetObs.Generator.Tests;

/// <summary>The panels the inventory and its seed checklist require (dashboards-and-alerts.md §2 and §3), per dashboard.</summary>
public sealed class SeedChecklistTests
{
    private static readonly string[] Dns =
    [
        "DNS Requests and Responses", "DNS Errors", "DNS Errors by Node", "DNS Requests", "DNS Responses", "Requests Missing Response %",
        "DNS Errors by Type", "DNS Response IPs Returned", "Top DNS Queries (Requests)", "Top DNS Queries (Responses)", "DNS Response Table",
        "Top Pods with DNS Errors", "Pods with the Most Requests",
    ];

    private static readonly string[] PodFlows =
    [
        "Pods with Outgoing Traffic (past 10 minutes)", "Max Outgoing Traffic", "Min Outgoing Traffic",
        "Pods with Incoming Traffic (past 10 minutes)", "Max Incoming Traffic", "Min Incoming Traffic",
        "Pods with Outgoing Drops (past 10 minutes)", "Max Outgoing Drops", "Min Outgoing Drops",
        "Pods with Incoming Drops (past 10 minutes)", "Max Incoming Drops", "Min Incoming Drops",
        "Outgoing Traffic by Trace Type", "Incoming Traffic by Trace Type", "Outgoing Traffic by Verdict", "Incoming Traffic by Verdict",
        "Heatmap of Outgoing Traffic for Top Source Pods", "Heatmap of Incoming Traffic for Top Destination Pods",
        "Stacked (Total) Outgoing Traffic by Source Pod", "Stacked (Total) Incoming Traffic by Destination Pod",
        "Heatmap of Outgoing Drops for Top Source Pods", "Heatmap of Incoming Drops for Top Destination Pods",
        "Stacked (Total) Outgoing Drops by Source Pod", "Stacked (Total) Incoming Drops by Destination Pod",
        "Pods Missing SYN-ACKs (past 10 minutes)", "Max Packets Missing SYN-ACKs", "Min Packets Missing SYN-ACKs",
        "Heatmap of Missing TCP SYN-ACKs by Top Source Pods", "Stacked (Total) Missing TCP SYN-ACKs by Source Pod",
        "Pods with Outgoing RST (past 10 minutes)", "Max Outgoing RST Packets", "Min Outgoing RST",
        "Pods with Incoming RST (past 10 minutes)", "Max Incoming RST Packets", "Min Incoming RST",
        "Heatmap of Outgoing TCP RST by Top Source Pods", "Heatmap of Incoming TCP RST by Top Destination Pods",
        "Stacked (Total) Outgoing TCP RST by Source Pod", "Stacked (Total) Incoming TCP RST by Destination Pod",
        "Pods with Outgoing FIN (past 10 minutes)", "Max Outgoing FIN Packets", "Min Outgoing FIN Packets",
        "Heatmap of Outgoing TCP FIN by Top Source Pods", "Stacked (Total) Incoming TCP FIN by Destination Pod",
    ];

    private static readonly string[] L7 =
    [
        "Outgoing HTTP Traffic by Verdict", "Incoming HTTP Traffic by Verdict",
        "Outgoing HTTP Requests by method and status count", "Incoming HTTP Requests by method and status count",
        "Heatmap of Pods with Outgoing HTTP Requests that returned 4xx Errors", "Heatmap of Pods with Incoming HTTP Requests that returned 5xx Errors",
        "Stacked (Total) Incoming HTTP Drops by Destination Pod", "Outgoing HTTP Request Success Rate (non-5xx)",
        "Kafka Outgoing Request Success Rate", "Kafka Incoming Request Success Rate", "Kafka Outgoing Requests by Topic and API Key",
        "Kafka Outgoing Traffic by Verdict", "Stacked (Total) Outgoing Kafka Requests by Source Pod",
    ];

    public static TheoryData<string, string[]> Required() => new()
    {
        {
            "Clusters",
            [
                "Current Traffic by Cluster", "Bytes Forwarded by Cluster", "Packets Forwarded by Cluster", "Current Dropped Traffic by Cluster",
                "Bytes Dropped by Cluster", "Packets Dropped by Cluster", "Max Egress Bytes", "Min Egress Bytes", "Max Egress Packets", "Min Egress Packets",
                "Max Ingress Bytes", "Min Ingress Bytes", "Max Ingress Packets", "Min Ingress Packets", "Egress Bytes", "Egress Packets", "Ingress Bytes",
                "Ingress Packets", "Packets Dropped - Egress", "Packets Dropped - Ingress", "Packets Dropped - Unknown", "Bytes Dropped by Reason",
                "Packets Dropped by Reason", "Bytes Dropped by Node", "Packets Dropped by Node", "TCP Active Connections by State",
                "TCP Active Connections by Remote Addr", "TCP Connection Timeouts", "TCP Connection Resets", "UDP Connections",
                "Windows TCP RST Packets", "RX Packets by Interface", "TX Packets by Interface", "Dropped Rx Packets", "Dropped Tx Packets",
                "Rx Cache Full Errors", "Tx Send Full Errors",
            ]
        },
        { "DNS (Cluster)", Dns },
        { "DNS (Workload)", Dns },
        {
            "Drops (Workload)",
            [
                "Pods with Outgoing Drops (past 10 minutes)", "Max Outgoing Drops", "Min Outgoing Drops",
                "Pods with Incoming Drops (past 10 minutes)", "Max Incoming Drops", "Min Incoming Drops",
                "Dropped Outgoing Traffic by Reason", "Dropped Incoming Traffic by Reason",
                "Heatmap of Outgoing Drops for Top Source Pods", "Heatmap of Incoming Drops for Top Destination Pods",
                "Stacked (Total) Outgoing Drops by Source Pod", "Stacked (Total) Incoming Drops by Destination Pod",
            ]
        },
        {
            "Pod Flows (Namespace)",
            [
                .. PodFlows, "Top Source Namespaces (Outgoing Traffic)", "Top Destination Namespaces (Incoming Traffic)",
                "Top Namespaces with Outgoing Drops", "Top Namespaces with Incoming Drops",
            ]
        },
        { "Pod Flows (Workload)", PodFlows },
        {
            "L7 Flows (Namespace)",
            [
                .. L7, "Outgoing HTTP Requests for Top 10 Source Pods in $namespace",
                "Heatmap of Dropped Outgoing HTTP Requests for the Top 10 Source Pods in $namespace",
            ]
        },
        { "L7 Flows (Workload)", [.. L7, "Stacked (Total) Outgoing HTTP Drops by Source Pod"] },
        {
            // Issue 15: the counterpart of ACNS's flow-log dashboards, from flows alone.
            "Flow Logs",
            [
                "Flow Log", "Flows by Verdict", "Top Talkers", "Traffic Leaving the Cluster by Destination Name", "Dropped Flows by Reason",
                "Dropped Flows by Denying Policy", "Dropped Flows with Reason and Denying Policy", "DNS Errors by Query", "HTTP Errors by Path", "Stored Flows and Gaps",
                "Stored Ranges and Gaps by Node",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Required))]
    public void Dashboard_has_every_required_panel(string name, string[] titles)
    {
        var dashboard = Assert.Single(Generation.Dashboards(Generation.Defaults), d => d.Dashboard["title"]!.GetValue<string>() == "Kubernetes / Networking / " + name).Dashboard;
        var present = Generation.Panels(dashboard).Select(p => p["title"]!.GetValue<string>()).ToHashSet();

        var missing = titles.Where(t => !present.Contains(t)).ToList();

        Assert.True(missing.Count == 0, $"{name} lacks: {string.Join("; ", missing)}");
    }

    [Fact]
    public void Exactly_the_required_dashboards_are_generated()
    {
        var titles = Generation.Dashboards(Generation.Defaults).Select(d => d.Dashboard["title"]!.GetValue<string>()).Order(StringComparer.Ordinal);

        Assert.Equal(Required().Select(r => "Kubernetes / Networking / " + (string)r[0]).Order(StringComparer.Ordinal), titles);
    }
}
