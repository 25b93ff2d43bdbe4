namespace NetObs.History.Storage.DuckDb;

/// <summary>
/// The decompressed messages of one block of originals, or of its first <see cref="Available"/> rows when the read
/// needed no more. Messages are views into one buffer; a caller that keeps one copies it, so a kept flow does not pin
/// the whole block.
/// </summary>
internal sealed class DecodedBlock(byte[] buffer, int[] offsets, int[] lengths, int available)
{
    /// <summary>Rows decoded, from the block's first: rows at and past this index need the block decoded again.</summary>
    public int Available { get; } = available;

    /// <summary>Rows in the block.</summary>
    public int Count => offsets.Length;

    /// <summary>Whether rows 0 … <paramref name="rowsNeeded"/> − 1 (or all rows, when the block has fewer) are decoded.</summary>
    public bool Holds(int rowsNeeded) => Available >= Math.Min(rowsNeeded, Count);

    /// <summary>The original message of row <paramref name="row"/>, a copy the caller owns.</summary>
    public byte[] Copy(int row)
    {
        if (row >= Available)
        {
            throw new InvalidOperationException($"Row {row} of the block was not decoded (decoded {Available} of {Count}).");
        }

        return buffer.AsSpan(offsets[row], lengths[row]).ToArray();
    }
}
