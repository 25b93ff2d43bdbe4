using Cilium.Flow;

namespace NetObs.Hubble.FlowValues;

/// <summary>
/// TCP flags as bits in flow.proto's field order (FIN=1, SYN=2, RST=4, PSH=8, ACK=16, URG=32, ECE=64, CWR=128, NS=256),
/// and as the comma-joined text in the order Hubble prints them (SYN, ACK, RST, FIN, PSH, URG, ECE, CWR, NS;
/// hubble-api.md §2.5).
/// </summary>
public static class TcpFlagNames
{
    private static readonly (int Bit, string Name)[] PrintOrder =
        [(2, "SYN"), (16, "ACK"), (4, "RST"), (1, "FIN"), (8, "PSH"), (32, "URG"), (64, "ECE"), (128, "CWR"), (256, "NS")];

    // All 512 combinations are joined once, so reading a flow's flags never builds a string.
    private static readonly string[] Texts = [.. Enumerable.Range(0, 512).Select(Join)];

    public static int Bits(TCPFlags flags) =>
        (flags.FIN ? 1 : 0) | (flags.SYN ? 2 : 0) | (flags.RST ? 4 : 0) | (flags.PSH ? 8 : 0) | (flags.ACK ? 16 : 0)
        | (flags.URG ? 32 : 0) | (flags.ECE ? 64 : 0) | (flags.CWR ? 128 : 0) | (flags.NS ? 256 : 0);

    /// <summary>The text of a bit set; empty for none (or a negative "no flags" marker).</summary>
    public static string Text(int bits) => bits <= 0 ? string.Empty : Texts[bits & 511];

    private static string Join(int bits) => string.Join(',', PrintOrder.Where(f => (bits & f.Bit) != 0).Select(f => f.Name));
}
