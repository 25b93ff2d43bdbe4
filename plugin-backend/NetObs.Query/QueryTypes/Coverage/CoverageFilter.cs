using System.Text.RegularExpressions;
using NetObs.Query.Results;

namespace NetObs.Query.QueryTypes.Coverage;

/// <summary>
/// The filter of a coverage query: only <c>--cluster</c> and <c>--node-name</c> (and the range flags <c>--since</c>,
/// <c>--until</c>) say which nodes to report; any other flag selects flows, which coverage does not count, so it is refused.
/// Values are Hubble's node-name patterns: <c>*</c> matches any run of characters, and a value with a <c>/</c> is
/// matched against <c>cluster/node</c>, one without against the node alone (cilium pkg/hubble/filters/node.go).
/// </summary>
public sealed class CoverageFilter
{
    private static readonly string[] RangeFlags = ["--since", "--until"];
    private readonly List<Regex> _clusters = [];
    private readonly List<(Regex Pattern, bool WithCluster)> _nodes = [];

    private CoverageFilter()
    {
    }

    /// <summary>Cluster names given without wildcards, which the history server can select itself; empty when any has one.</summary>
    public IReadOnlyList<string> ExactClusters { get; private set; } = [];

    public bool HasNodeFilter => _nodes.Count > 0;

    /// <summary>Reads the flags, or throws a 400 <see cref="QueryFailure"/> naming the first flag coverage cannot use.</summary>
    public static CoverageFilter Parse(string text)
    {
        var filter = new CoverageFilter();
        var exact = new List<string>();
        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var position = 0;
        for (var i = 0; i < tokens.Length; i++)
        {
            position = text.IndexOf(tokens[i], position, StringComparison.Ordinal);
            var token = tokens[i];
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            var flag = token.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? token[..equals] : token;
            string? value = equals > 0 && token.StartsWith("--", StringComparison.Ordinal) ? token[(equals + 1)..] : null;
            if (flag is "--cluster" or "--node-name" || RangeFlags.Contains(flag))
            {
                if (value is null)
                {
                    if (i + 1 >= tokens.Length)
                    {
                        throw Refuse($"filter: flag '{flag}' at position {position} needs a value, e.g. {flag} {(flag == "--cluster" ? "aks-prod" : flag == "--node-name" ? "aks-prod/node-1" : "1h")}.");
                    }

                    value = tokens[++i];
                }

                if (flag == "--cluster")
                {
                    filter._clusters.Add(Glob(value));
                    exact.Add(value);
                }
                else if (flag == "--node-name")
                {
                    filter._nodes.Add((Glob(value), value.Contains('/', StringComparison.Ordinal)));
                }

                continue;
            }

            var excerpt = token.Length > 40 ? token[..40] + "…" : token;
            throw Refuse(token.StartsWith('-')
                ? $"filter: flag '{excerpt}' at position {position} cannot be used in a coverage query, which reports stored ranges and gaps per cluster and node; use only --cluster and --node-name (and --since/--until)."
                : $"filter: '{excerpt}' at position {position} is not a flag; a coverage query takes only --cluster NAME and --node-name NAME.");
        }

        filter.ExactClusters = exact.Any(c => c.Contains('*', StringComparison.Ordinal)) ? [] : exact;
        return filter;
    }

    public bool MatchesCluster(string cluster) => _clusters.Count == 0 || _clusters.Exists(c => c.IsMatch(cluster));

    /// <summary>Whether a node (as the server names it, possibly already <c>cluster/node</c>) of a cluster is selected.</summary>
    public bool Matches(string cluster, string node)
    {
        if (!MatchesCluster(cluster))
        {
            return false;
        }

        if (_nodes.Count == 0)
        {
            return true;
        }

        var slash = node.IndexOf('/', StringComparison.Ordinal);
        var bare = slash >= 0 ? node[(slash + 1)..] : node;
        var full = slash >= 0 ? node : $"{cluster}/{node}";
        return _nodes.Exists(n => n.Pattern.IsMatch(n.WithCluster ? full : bare));
    }

    private static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static QueryFailure Refuse(string message) => new($"Invalid query: {message}", FailureSource.Plugin, 400);
}
