using System.Text;

namespace NetObs.History.Following;

/// <summary>The strings of UTF-8 names that recur on every flow (node names), decoded once instead of once per flow.</summary>
/// <remarks>
/// A relay has a few nodes, but a flow names its node on every message; a string decoded per flow was allocated per flow
/// and kept by the queued flow. The table is bounded (<see cref="Slots"/> names of at most <see cref="MaxNameBytes"/>
/// bytes, two slots per hash), so a relay reporting ever new names cannot grow it; a name pushed out is decoded again
/// the next time, as before the cache. Entries are immutable and replaced whole, so concurrent callers need no lock:
/// each sees an old entry or a new one, and an entry is used only when its bytes match.
/// </remarks>
internal sealed class Utf8NameCache
{
    /// <summary>How many names the cache holds at most.</summary>
    public const int Slots = 1024;

    /// <summary>Longer names are decoded every time, so that the cache's size stays small whatever a relay sends.</summary>
    public const int MaxNameBytes = 256;

    private readonly Entry?[] _entries = new Entry?[Slots];

    /// <summary>How many names are cached now.</summary>
    public int Count => _entries.Count(e => e is not null);

    /// <summary>The name's string: the same instance for the same bytes while they stay cached.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        if (utf8.Length > MaxNameBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var hash = new HashCode();
        hash.AddBytes(utf8);
        var slot = hash.ToHashCode() & (Slots - 2);
        var first = _entries[slot];
        if (first is not null && utf8.SequenceEqual(first.Utf8))
        {
            return first.Value;
        }

        var second = _entries[slot + 1];
        if (second is not null && utf8.SequenceEqual(second.Utf8))
        {
            return second.Value;
        }

        // The newest name takes the first slot and the one it displaces the second, so two names sharing a hash both stay.
        var entry = new Entry(utf8.ToArray(), Encoding.UTF8.GetString(utf8));
        _entries[slot + 1] = first;
        _entries[slot] = entry;
        return entry.Value;
    }

    private sealed record Entry(byte[] Utf8, string Value);
}
