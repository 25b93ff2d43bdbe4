using NetObs.Query.Model;

namespace NetObs.Query.Streaming;

/// <summary>
/// The filters behind the live channels handed out in <c>meta.channel</c>, so that Grafana, which subscribes to
/// that channel without the query, streams exactly that query's flows. Bounded: the least recently used path is
/// forgotten first, and a subscription to a forgotten or never issued path is refused (the panel's next refresh
/// issues it again). One registry serves every data source instance of the process, so a path survives a settings
/// change; the filter does not depend on the settings.
/// </summary>
/// <param name="capacity">How many paths to remember.</param>
/// <param name="pathOf">The path of a filter text; <see cref="LiveChannelPath.Of"/> unless a test needs collisions.</param>
public sealed class LiveChannelRegistry(int capacity, Func<string, string>? pathOf = null)
{
    /// <summary>Paths kept by the plugin: thousands of live panels at once, each filter a few hundred bytes.</summary>
    public const int DefaultCapacity = 4096;

    private readonly Func<string, string> _pathOf = pathOf ?? LiveChannelPath.Of;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Path, CompiledFilter Filter)>> _byPath = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Path, CompiledFilter Filter)> _recency = [];

    /// <summary>The number of paths remembered.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byPath.Count;
            }
        }
    }

    /// <summary>
    /// The path of <paramref name="filter"/>, remembered for later subscriptions; null when the path already stands
    /// for a different filter text (a hash collision), which must not share a stream.
    /// </summary>
    public string? Register(CompiledFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var path = _pathOf(filter.Text);
        lock (_gate)
        {
            if (_byPath.TryGetValue(path, out var known))
            {
                if (!string.Equals(known.Value.Filter.Text, filter.Text, StringComparison.Ordinal))
                {
                    return null;
                }

                _recency.Remove(known);
                _recency.AddFirst(known);
                return path;
            }

            _byPath[path] = _recency.AddFirst((path, filter));
            while (_byPath.Count > capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _byPath.Remove(oldest.Value.Path);
            }

            return path;
        }
    }

    /// <summary>The filter registered under <paramref name="path"/>, or null when none is.</summary>
    public CompiledFilter? Find(string path)
    {
        lock (_gate)
        {
            return _byPath.TryGetValue(path, out var known) ? known.Value.Filter : null;
        }
    }
}
