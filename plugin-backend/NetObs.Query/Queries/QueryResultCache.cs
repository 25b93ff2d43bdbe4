using NetObs.Query.Results;

namespace NetObs.Query.Queries;

/// <summary>
/// Keeps finished results for a short time so that identical queries (the same panel for two
/// viewers, a dashboard reloaded) do not go to the relay again; bounded by entry count, oldest out first.
/// </summary>
public sealed class QueryResultCache(TimeSpan lifetime, int capacity, TimeProvider time)
{
    private readonly Dictionary<string, (QueryResult Result, long ExpiresAt)> _entries = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _lock = new();

    public bool TryGet(string key, out QueryResult result)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.ExpiresAt > time.GetTimestamp())
            {
                result = entry.Result;
                return true;
            }
        }

        result = null!;
        return false;
    }

    public void Add(string key, QueryResult result)
    {
        if (lifetime <= TimeSpan.Zero || capacity <= 0)
        {
            return;
        }

        var expires = time.GetTimestamp() + (long)(lifetime.TotalSeconds * time.TimestampFrequency);
        lock (_lock)
        {
            if (!_entries.ContainsKey(key))
            {
                _order.Enqueue(key);
            }

            _entries[key] = (result, expires);

            // Expired results go as well, not only the oldest beyond the capacity: under live windows no key repeats,
            // and a full cache of large flow results would otherwise stay in memory for as long as queries arrive.
            var now = time.GetTimestamp();
            while (_order.TryPeek(out var oldest) && (_entries.Count > capacity || _entries[oldest].ExpiresAt <= now))
            {
                _order.Dequeue();
                _entries.Remove(oldest);
            }
        }
    }
}
