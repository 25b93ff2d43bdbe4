using System.Text.RegularExpressions;

namespace NetObs.History.Storage.ClickHouse;

/// <summary>
/// A parsed <c>clickhouse://[USER[:PASSWORD]@]HOST:PORT[,HOST:PORT…]/DB[?cluster=NAME&amp;user=…&amp;password=…]</c>:
/// the HTTP interfaces to talk to, the database, and the cluster when the store spans shards.
/// </summary>
/// <remarks>
/// Several hosts name the shards' own servers: 18.16 runs <c>ON CLUSTER</c> DDL only with ZooKeeper, so the store
/// applies migrations and retention on every listed server itself; flows are written and read through the first.
/// </remarks>
public sealed partial record ClickHouseStoreUri(
    IReadOnlyList<string> Hosts,
    string Database,
    string? Cluster,
    string? User,
    string? Password)
{
    public const string Scheme = "clickhouse://";
    private const int DefaultHttpPort = 8123;

    /// <summary>Parses the URI; every problem is reported at once in one <see cref="FlowStoreException"/>.</summary>
    public static ClickHouseStoreUri Parse(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new FlowStoreException($"store: '{Excerpt(uri)}' is not a ClickHouse URI; write it as clickhouse://HOST:PORT/DATABASE[?cluster=NAME].");
        }

        var problems = new List<string>();
        var rest = uri[Scheme.Length..];
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        var query = queryStart < 0 ? string.Empty : rest[(queryStart + 1)..];
        rest = queryStart < 0 ? rest : rest[..queryStart];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        var database = slash < 0 ? string.Empty : rest[(slash + 1)..];

        string? user = null;
        string? password = null;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            authority = authority[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
            password = colon < 0 ? null : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        }

        var hosts = new List<string>();
        foreach (var host in authority.Split(',', StringSplitOptions.TrimEntries))
        {
            if (ParseHost(host) is { } parsed)
            {
                hosts.Add(parsed);
            }
            else
            {
                problems.Add($"'{Excerpt(host)}' is not HOST or HOST:PORT (the HTTP port, 8123 by default)");
            }
        }

        string? cluster = null;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
            switch (key)
            {
                case "cluster":
                    cluster = value;
                    break;
                case "user":
                    user = value;
                    break;
                case "password":
                    password = value;
                    break;
                default:
                    problems.Add($"unknown option '{Excerpt(key)}' (known: cluster, user, password)");
                    break;
            }
        }

        if (database.Length == 0)
        {
            problems.Add("the database is missing; name it after the port, e.g. clickhouse://localhost:8123/netobs");
        }
        else if (!Identifier().IsMatch(database))
        {
            problems.Add($"database '{Excerpt(database)}' must be letters, digits and underscores, starting with a letter or underscore");
        }

        if (cluster is not null && !Identifier().IsMatch(cluster))
        {
            problems.Add($"cluster '{Excerpt(cluster)}' must be letters, digits and underscores, as in the server's <remote_servers>");
        }

        if (cluster is null && hosts.Count > 1)
        {
            problems.Add("several hosts name the shards of a cluster; add ?cluster=NAME as in the servers' <remote_servers>");
        }

        if (problems.Count > 0)
        {
            throw new FlowStoreException($"store: '{Redacted(uri)}': {string.Join("; ", problems)}.");
        }

        return new ClickHouseStoreUri(hosts, database, cluster, user, password);
    }

    /// <summary>The URI without its password, for messages and logs.</summary>
    public string Display =>
        $"{Scheme}{(User is null ? string.Empty : User + "@")}{string.Join(',', Hosts)}/{Database}{(Cluster is null ? string.Empty : "?cluster=" + Cluster)}";

    private static string? ParseHost(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        var colon = text.LastIndexOf(':');
        var closing = text.LastIndexOf(']');
        if (colon < 0 || colon < closing)
        {
            return HostName().IsMatch(text) ? $"{text}:{DefaultHttpPort}" : null;
        }

        var name = text[..colon];
        return HostName().IsMatch(name) && int.TryParse(text[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? text
            : null;
    }

    private static string Redacted(string uri) => PasswordOption().Replace(PasswordInUri().Replace(uri, "$1:***@"), "$1***");

    private static string Excerpt(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.\-]*)$")]
    private static partial Regex HostName();

    [GeneratedRegex("^(clickhouse://[^:/@]*):[^@/]*@", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordInUri();

    [GeneratedRegex("([?&]password=)[^&]*")]
    private static partial Regex PasswordOption();
}
