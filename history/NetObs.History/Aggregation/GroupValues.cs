namespace NetObs.History.Aggregation;

/// <summary>The formatted values of one group, compared ordinally as a whole.</summary>
internal sealed class GroupValues(string[] values) : IEquatable<GroupValues>
{
    public static IComparer<GroupValues> Ordinal { get; } = Comparer<GroupValues>.Create(Compare);

    public IReadOnlyList<string> Values => values;

    public bool Equals(GroupValues? other) => other is not null && values.AsSpan().SequenceEqual(other.Values is string[] o ? o : [.. other.Values]);

    public override bool Equals(object? obj) => Equals(obj as GroupValues);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var value in values)
        {
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    private static int Compare(GroupValues? a, GroupValues? b)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }

        for (var i = 0; i < Math.Min(a.Values.Count, b.Values.Count); i++)
        {
            var c = string.CompareOrdinal(a.Values[i], b.Values[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Values.Count.CompareTo(b.Values.Count);
    }
}
