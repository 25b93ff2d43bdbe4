using System.Globalization;
using System.Text;

namespace NetObs.Query.Streaming;

/// <summary>
/// The Grafana Live path of a streamed flows query: <c>flows/</c> and the 128-bit FNV-1a of the filter's UTF-8 text
/// in 32 hex digits. Only the backend computes it and hands it to Grafana in <c>meta.channel</c>; the frontend
/// never derives a path of its own.
/// </summary>
/// <remarks>
/// FNV-1a, not SHA-256: .NET hashes with OpenSSL on Linux, which Grafana's Alpine image lacks for our glibc process,
/// and .NET's OpenSSL shim aborts the process when it finds no libssl. FNV is not collision resistant against a
/// crafted input, so the hash only names a channel: <see cref="LiveChannelRegistry"/> keeps the filter text each path
/// stands for and refuses a second, different text on the same path. Offset basis and prime are the 128-bit
/// parameters published with FNV (IETF draft-eastlake-fnv, section 5).
/// </remarks>
public static class LiveChannelPath
{
    /// <summary>Every channel this data source serves starts with this.</summary>
    public const string Prefix = "flows/";

    private static readonly UInt128 OffsetBasis = new(0x6c62272e07bb0142, 0x62b821756295c58d);
    private static readonly UInt128 Prime = new(0x0000000001000000, 0x000000000000013b);

    /// <summary>The path of the filter spelled <paramref name="filterText"/>.</summary>
    public static string Of(string filterText)
    {
        ArgumentNullException.ThrowIfNull(filterText);
        var hash = OffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(filterText))
        {
            hash = (hash ^ b) * Prime;
        }

        return Prefix + ((ulong)(hash >> 64)).ToString("x16", CultureInfo.InvariantCulture) + ((ulong)hash).ToString("x16", CultureInfo.InvariantCulture);
    }
}
