using System.Buffers;
using System.IO.Compression;

namespace NetObs.History.Storage.DuckDb;

/// <summary>
/// Packs the original Flow messages of consecutive rows into one Brotli-compressed block and unpacks them again,
/// byte for byte. Flows of one cluster repeat the same pods, labels and policies, so a block of a few dozen
/// messages compresses several times better than each message alone, while a read still decompresses only the
/// blocks of the rows it returns.
/// </summary>
/// <remarks>
/// Layout before compression: a varint message count, one varint length per message, then the messages back to back.
/// Brotli comes with the runtime (System.IO.Compression), so the store needs no native package of its own.
/// </remarks>
internal static class OriginalBlockCodec
{
    /// <summary>Messages per block: small enough that a selective read decompresses little more than it returns.</summary>
    public const int FlowsPerBlock = 64;

    /// <summary>
    /// Brotli quality 1. Once the writer overlapped its commits, both cores were busy and every CPU microsecond per flow
    /// counted: on the simulator's flows quality 4 took about 8.8 µs per flow for 83.6 bytes, quality 1 about 2.3 µs for
    /// 95.0 bytes (the ingest benchmark's codec line measures both in one run). The 11 bytes more per flow keep the
    /// store well inside its 200 bytes per flow all-in. Decoding does not depend on the quality a block was written at.
    /// </summary>
    public const int DefaultQuality = 1;

    // A window larger than any block: the whole block is in reach of every match.
    private const int WindowBits = 20;

    /// <summary>Compresses <paramref name="count"/> originals starting at <paramref name="start"/> into one block.</summary>
    /// <param name="quality">Brotli's quality, 0 to 11; other values than <see cref="DefaultQuality"/> are for the benchmark's comparison.</param>
    public static byte[] Encode(IReadOnlyList<StoredFlow> flows, int start, int count, int quality = DefaultQuality)
    {
        var payload = 5 + (count * 5);
        for (var i = 0; i < count; i++)
        {
            payload += flows[start + i].Original.Length;
        }

        var raw = ArrayPool<byte>.Shared.Rent(payload);
        var compressed = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(payload));
        try
        {
            var at = WriteVarint(raw, 0, (uint)count);
            for (var i = 0; i < count; i++)
            {
                at = WriteVarint(raw, at, (uint)flows[start + i].Original.Length);
            }

            for (var i = 0; i < count; i++)
            {
                var original = flows[start + i].Original.Span;
                original.CopyTo(raw.AsSpan(at));
                at += original.Length;
            }

            if (!BrotliEncoder.TryCompress(raw.AsSpan(0, at), compressed, out var written, quality, WindowBits))
            {
                throw new InvalidOperationException("Brotli could not compress a block of flows into its maximum compressed length.");
            }

            return compressed.AsSpan(0, written).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
            ArrayPool<byte>.Shared.Return(compressed);
        }
    }

    /// <summary>
    /// The messages of a block from its first row through row <paramref name="rowsNeeded"/> − 1 at least, in row
    /// order; decompression stops there, so a selective read that needs one early row of a block does not pay for the
    /// whole block. <see cref="DecodedBlock.Available"/> says how many rows were decoded.
    /// </summary>
    /// <exception cref="InvalidDataException">The block is not one this codec wrote.</exception>
    public static DecodedBlock Decode(ReadOnlySpan<byte> block, int rowsNeeded = int.MaxValue)
    {
        using var decoder = new BrotliDecoder();
        // Step size of the partial decode: a few messages at a time, so stopping early saves most of a block's work.
        const int Step = 16 * 1024;
        var buffer = new byte[Math.Max(Math.Min(block.Length * 8, 1 << 20), 4096)];
        var consumedTotal = 0;
        var writtenTotal = 0;
        var done = false;
        while (true)
        {
            var room = rowsNeeded == int.MaxValue ? buffer.Length - writtenTotal : Math.Min(Step, buffer.Length - writtenTotal);
            var status = decoder.Decompress(block[consumedTotal..], buffer.AsSpan(writtenTotal, room), out var consumed, out var written);
            consumedTotal += consumed;
            writtenTotal += written;
            if (status == OperationStatus.Done)
            {
                done = true;
                break;
            }

            if (status != OperationStatus.DestinationTooSmall)
            {
                throw new InvalidDataException("A block of stored flows is truncated or not Brotli data.");
            }

            if (Decoded(buffer, writtenTotal, rowsNeeded))
            {
                break;
            }

            // Brotli asks for more room only once the room given is full; a call that moved nothing is treated alike, so
            // the loop always advances.
            if (writtenTotal == buffer.Length || (written == 0 && consumed == 0))
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }

        var at = ReadVarint(buffer, 0, writtenTotal, out var count);
        var offsets = new int[count];
        var lengths = new int[count];
        for (var i = 0; i < count; i++)
        {
            at = ReadVarint(buffer, at, writtenTotal, out var length);
            lengths[i] = checked((int)length);
        }

        var available = 0;
        for (var i = 0; i < count; i++)
        {
            if (at + lengths[i] > writtenTotal)
            {
                if (done)
                {
                    throw new InvalidDataException("A block of stored flows ends inside a message.");
                }

                break;
            }

            offsets[i] = at;
            at += lengths[i];
            available++;
        }

        return new DecodedBlock(buffer, offsets, lengths, available);
    }

    /// <summary>Whether the first <paramref name="written"/> bytes hold the header and messages 0 … rowsNeeded − 1.</summary>
    private static bool Decoded(byte[] buffer, int written, int rowsNeeded)
    {
        if (rowsNeeded == int.MaxValue || !TryReadVarint(buffer, 0, written, out var at, out var count))
        {
            return false;
        }

        var end = 0L;
        var lengthsEnd = at;
        for (var i = 0; i < count; i++)
        {
            if (!TryReadVarint(buffer, lengthsEnd, written, out lengthsEnd, out var length))
            {
                return false;
            }

            if (i < rowsNeeded)
            {
                end += length;
            }
        }

        return lengthsEnd + end <= written;
    }

    private static bool TryReadVarint(byte[] buffer, int at, int end, out int next, out uint value)
    {
        value = 0;
        next = at;
        for (var shift = 0; shift < 35 && next < end; shift += 7)
        {
            var b = buffer[next++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    private static int WriteVarint(byte[] buffer, int at, uint value)
    {
        while (value >= 0x80)
        {
            buffer[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[at++] = (byte)value;
        return at;
    }

    private static int ReadVarint(byte[] buffer, int at, int end, out uint value)
    {
        value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (at >= end)
            {
                break;
            }

            var b = buffer[at++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return at;
            }
        }

        throw new InvalidDataException("A block of stored flows has a truncated length.");
    }
}
