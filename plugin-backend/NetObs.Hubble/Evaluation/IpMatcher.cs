using System.Net;
using System.Net.Sockets;
using Google.Protobuf.Collections;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// IP filters as Hubble applies them: a value with "/" is a CIDR, anything else must be an IP and
/// is compared as text with the flow's address. CIDRs are parsed once; IPv4 flow addresses are
/// parsed without allocating.
/// </summary>
internal sealed class IpMatcher
{
    private readonly HashSet<string> _exact;
    private readonly (uint Network, uint Mask)[] _v4Prefixes;
    private readonly (UInt128 Network, UInt128 Mask)[] _v6Prefixes;

    private IpMatcher(HashSet<string> exact, (uint, uint)[] v4, (UInt128, UInt128)[] v6)
    {
        _exact = exact;
        _v4Prefixes = v4;
        _v6Prefixes = v6;
    }

    public static IpMatcher Compile(RepeatedField<string> values, string what)
    {
        var exact = new HashSet<string>(StringComparer.Ordinal);
        var v4 = new List<(uint, uint)>();
        var v6 = new List<(UInt128, UInt128)>();
        foreach (var value in values)
        {
            if (value.Contains('/', StringComparison.Ordinal))
            {
                if (!IPNetwork.TryParse(value, out var network))
                {
                    throw new InvalidFlowFilterException($"invalid {what} filter: invalid CIDR in filter: \"{value}\"; expected an address/prefix such as 10.0.0.0/8");
                }

                if (network.BaseAddress.AddressFamily == AddressFamily.InterNetwork)
                {
                    var mask = network.PrefixLength == 0 ? 0u : uint.MaxValue << (32 - network.PrefixLength);
                    v4.Add((ToUInt32(network.BaseAddress) & mask, mask));
                }
                else
                {
                    var mask = network.PrefixLength == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - network.PrefixLength);
                    v6.Add((ToUInt128(network.BaseAddress) & mask, mask));
                }
            }
            else
            {
                if (!IPAddress.TryParse(value, out _))
                {
                    throw new InvalidFlowFilterException($"invalid {what} filter: invalid IP address in filter: \"{value}\"");
                }

                exact.Add(value);
            }
        }

        return new IpMatcher(exact, [.. v4], [.. v6]);
    }

    public bool Matches(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return false;
        }

        if (_exact.Count > 0 && _exact.Contains(address))
        {
            return true;
        }

        if (_v4Prefixes.Length > 0 && TryParseIPv4(address, out var v4))
        {
            foreach (var (network, mask) in _v4Prefixes)
            {
                if ((v4 & mask) == network)
                {
                    return true;
                }
            }

            return false;
        }

        if (_v6Prefixes.Length > 0 && address.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(address, out var parsed))
        {
            var v6 = ToUInt128(parsed);
            foreach (var (network, mask) in _v6Prefixes)
            {
                if ((v6 & mask) == network)
                {
                    return true;
                }
            }
        }

        return false;
    }

    internal static bool TryParseIPv4(ReadOnlySpan<char> text, out uint value)
    {
        value = 0;
        var octets = 0;
        var current = 0;
        var digits = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (digits == 0 || octets == 3)
                {
                    return false;
                }

                value = (value << 8) | (uint)current;
                octets++;
                current = 0;
                digits = 0;
            }
            else if (char.IsAsciiDigit(c))
            {
                current = (current * 10) + (c - '0');
                digits++;
                if (digits > 3 || current > 255)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }

        if (digits == 0 || octets != 3)
        {
            return false;
        }

        value = (value << 8) | (uint)current;
        return true;
    }

    private static uint ToUInt32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }

    private static UInt128 ToUInt128(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address = address.MapToIPv6();
        }

        address.TryWriteBytes(bytes, out _);
        UInt128 value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        return value;
    }
}
