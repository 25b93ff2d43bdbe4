namespace NetObs.Query.Aggregation;

/// <summary>The values of up to four group-by dimensions without an array per flow; more dimensions spill into <see cref="Rest"/>.</summary>
public readonly record struct GroupKey(string A, string? B, string? C, string? D, string[]? Rest)
{
    public IReadOnlyList<string> Values(int count)
    {
        var values = new string[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = i switch
            {
                0 => A,
                1 => B!,
                2 => C!,
                3 => D!,
                _ => Rest![i - 4],
            };
        }

        return values;
    }

    public bool Equals(GroupKey other) =>
        string.Equals(A, other.A, StringComparison.Ordinal)
        && string.Equals(B, other.B, StringComparison.Ordinal)
        && string.Equals(C, other.C, StringComparison.Ordinal)
        && string.Equals(D, other.D, StringComparison.Ordinal)
        && (Rest is null ? other.Rest is null : other.Rest is not null && Rest.AsSpan().SequenceEqual(other.Rest));

    public override int GetHashCode()
    {
        var hash = HashCode.Combine(A, B, C, D);
        if (Rest is not null)
        {
            foreach (var value in Rest)
            {
                hash = HashCode.Combine(hash, value);
            }
        }

        return hash;
    }
}
