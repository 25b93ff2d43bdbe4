using System.Buffers;

namespace NetObs.History.Following;

/// <summary>
/// Copies received messages into large shared arrays, so that queued flows point into a few large-object-heap arrays
/// instead of holding one small array each.
/// </summary>
/// <remarks>
/// A flow waits in the ingest queue for a whole batch, so a small array per message survived gen0 and gen1 and was
/// copied by both. An array over the large-object threshold (85,000 bytes) is never copied; it is freed by the GC when
/// no flow points into it any more. Nothing is returned to a pool, since a live subscriber may
/// hold a flow (and so its slab) for as long as it likes. Each thread fills a slab of its own because the marshaller
/// runs on whichever thread reads a response, for several relays at once; that is why the slab is thread-static
/// rather than an instance's: the gRPC marshaller that calls it is itself one static object.
/// </remarks>
internal static class MessageSlab
{
    /// <summary>Bytes of one slab: about 250 flows of the simulator's scenarios, well above the large-object threshold.</summary>
    public const int SlabBytes = 256 * 1024;

    /// <summary>Messages from this size up get an array of their own, so that one large message does not waste most of a slab.</summary>
    public const int OwnArrayFromBytes = SlabBytes / 8;

    [ThreadStatic]
    private static byte[]? t_slab;

    [ThreadStatic]
    private static int t_used;

    /// <summary>The message's bytes in a slab (or in an array of their own when large), valid for as long as anything refers to them.</summary>
    public static ReadOnlyMemory<byte> Copy(in ReadOnlySequence<byte> message)
    {
        var length = checked((int)message.Length);
        if (length >= OwnArrayFromBytes)
        {
            return message.ToArray();
        }

        var slab = t_slab;
        var used = t_used;
        if (slab is null || slab.Length - used < length)
        {
            // The old slab's tail stays unused: the flows already in it keep it alive, and nothing else will ever write it.
            slab = GC.AllocateUninitializedArray<byte>(SlabBytes);
            used = 0;
            t_slab = slab;
        }

        message.CopyTo(slab.AsSpan(used, length));
        t_used = used + length;
        return new ReadOnlyMemory<byte>(slab, used, length);
    }
}
