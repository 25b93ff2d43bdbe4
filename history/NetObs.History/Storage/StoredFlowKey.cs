using System.Buffers.Binary;
using System.Security.Cryptography;

namespace NetObs.History.Storage;

/// <summary>
/// What identifies one stored flow without keeping the flow: where and when, plus the MD5 of its original bytes.
/// Hubble gives every flow a UUID inside those bytes, so two different flows never share a key; the digest lets a
/// writer remember a whole batch in ~40 bytes a flow while it waits to ask the store whether the batch landed.
/// </summary>
public readonly record struct StoredFlowKey(string Cluster, string Node, long TimeNs, UInt128 Digest)
{
    /// <summary>The key of <paramref name="flow"/>.</summary>
    public static StoredFlowKey Of(StoredFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return new StoredFlowKey(flow.Cluster, flow.Node, flow.TimeNs, DigestOf(flow.Original.Span));
    }

    /// <summary>The MD5 of <paramref name="original"/> as one number, big-endian as ClickHouse's hex(MD5(…)) prints it.</summary>
    public static UInt128 DigestOf(ReadOnlySpan<byte> original)
    {
        // MD5 for identity, not security: ClickHouse 18.16 computes the same function in the store (MD5(flow)).
        Span<byte> hash = stackalloc byte[16];
#pragma warning disable CA5351
        MD5.HashData(original, hash);
#pragma warning restore CA5351
        return BinaryPrimitives.ReadUInt128BigEndian(hash);
    }
}
