using System.Globalization;
using Cilium.Observer;
using NetObs.History.V1;

namespace NetObs.Plugin;

/// <summary>
/// The CheckHealth sentence for a NetObs history server: clusters, stored time span, flow count and gaps from its
/// coverage, and the relays it follows live from its ServerStatus.
/// </summary>
internal static class HistoryHealthText
{
    /// <summary>A newest flow this close to now reads "to now": a followed relay delivers flows within seconds.</summary>
    private static readonly TimeSpan Recent = TimeSpan.FromMinutes(2);

    public static string Describe(string address, CoverageResponse coverage, ServerStatusResponse? status, DateTimeOffset now)
    {
        var clusters = coverage.Ranges.Select(r => r.Cluster).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var flows = coverage.Ranges.Sum(r => r.FlowCount);
        string stored;
        if (clusters.Count == 0)
        {
            stored = "no flows stored yet";
        }
        else
        {
            var oldest = DateTimeOffset.FromUnixTimeMilliseconds(coverage.Ranges.Min(r => r.OldestNs) / 1_000_000L);
            var newest = DateTimeOffset.FromUnixTimeMilliseconds(coverage.Ranges.Max(r => r.NewestNs) / 1_000_000L);
            var to = now - newest < Recent ? "now" : Time(newest);
            var names = clusters.Count <= 5 ? $" ({string.Join(", ", clusters)})" : string.Empty;
            stored = $"flows from {Count(clusters.Count, "cluster")}{names}, {Time(oldest)} to {to}, {Flows(flows)}";
        }

        var gaps = coverage.Gaps.Count == 0 ? "no gaps" : Count(coverage.Gaps.Count, "gap");
        var live = "live following unknown (ServerStatus failed)";
        if (status is not null)
        {
            var connected = status.NumConnectedNodes ?? 0;
            var unavailable = status.NumUnavailableNodes ?? 0;
            live = connected + unavailable == 0
                ? "following no relay (imported history only)"
                : $"live from {Count((int)connected, "relay")}" + (unavailable > 0 ? $", {unavailable} unavailable ({string.Join(", ", status.UnavailableNodes)})" : string.Empty);
        }

        return $"NetObs history at {address}: {stored}, {gaps}; {live}. Queries run in its store (pushdown).";
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? string.Empty : "s")}");

    private static string Flows(long n) => n switch
    {
        >= 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{n / 1e9:0.#} billion flows"),
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{n / 1e6:0.#} million flows"),
        1 => "1 flow",
        _ => string.Create(CultureInfo.InvariantCulture, $"{n:N0} flows"),
    };
}
