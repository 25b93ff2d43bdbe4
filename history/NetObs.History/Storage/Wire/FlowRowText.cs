using System.Text;
using NetObs.Hubble.FlowValues;

namespace NetObs.History.Storage.Wire;

/// <summary>
/// The UTF-8 bytes of the text values a row holds that are not one string of the flow message: a policy as
/// <c>namespace/name</c>, the path of an HTTP URL, and the cluster and node the flow came with. Both row writers take
/// them from here, so the stores derive them alike and as <see cref="FlowColumnValues"/> does from the parsed flow.
/// </summary>
/// <remarks>One instance per writer: a policy name is built in a buffer the next one reuses.</remarks>
internal sealed class FlowRowText
{
    // Cluster and node names repeat on every flow of a follower; past this many the cache starts again so memory stays bounded.
    private const int MaxCachedStrings = 10_000;

    private readonly Dictionary<string, byte[]> _utf8 = new(StringComparer.Ordinal);
    private byte[] _text = new byte[256];

    /// <summary>A policy as <c>namespace/name</c>, or <c>name</c> without a namespace (FlowColumnValues.PolicyName); valid until the next call.</summary>
    public ReadOnlySpan<byte> PolicyName(ReadOnlySpan<byte> message, PolicySlice policy)
    {
        if (policy.Namespace.Length == 0)
        {
            return policy.Name.In(message);
        }

        var length = policy.Namespace.Length + 1 + policy.Name.Length;
        if (_text.Length < length)
        {
            _text = new byte[Math.Max(length, _text.Length * 2)];
        }

        policy.Namespace.In(message).CopyTo(_text);
        _text[policy.Namespace.Length] = (byte)'/';
        policy.Name.In(message).CopyTo(_text.AsSpan(policy.Namespace.Length + 1));
        return _text.AsSpan(0, length);
    }

    /// <summary>The path part of an HTTP URL's UTF-8 bytes, as <see cref="FlowColumnValues.HttpPath"/> takes it from the text.</summary>
    public static ReadOnlySpan<byte> HttpPath(ReadOnlySpan<byte> url) =>
        UrlPath.Find(url, (byte)':', (byte)'/', (byte)'?', (byte)'#') is { } path ? url[path] : "/"u8;

    /// <summary>The <c>l7_type</c> of the values: the L7 layer's type, or <see cref="FlowColumnValues.NoL7"/> without one.</summary>
    public static byte L7Type(FlowRowValues values) => values.HasL7 ? values.L7Type : FlowColumnValues.NoL7;

    /// <summary>A string's UTF-8 bytes, encoded once per writer (invalid UTF-16 becomes U+FFFD, so the bytes are valid UTF-8).</summary>
    public byte[] Utf8(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return [];
        }

        if (_utf8.TryGetValue(value, out var bytes))
        {
            return bytes;
        }

        if (_utf8.Count >= MaxCachedStrings)
        {
            _utf8.Clear();
        }

        bytes = Encoding.UTF8.GetBytes(value);
        _utf8[value] = bytes;
        return bytes;
    }
}
