using Cilium.Flow;

namespace NetObs.Hubble.Evaluation;

/// <summary>TCP flags as a bit set, so "all flags of the filter are set on the flow" is one AND.</summary>
internal static class TcpFlagMask
{
    public static ushort Of(TCPFlags flags)
    {
        var mask = 0;
        if (flags.FIN)
        {
            mask |= 1;
        }

        if (flags.SYN)
        {
            mask |= 1 << 1;
        }

        if (flags.RST)
        {
            mask |= 1 << 2;
        }

        if (flags.PSH)
        {
            mask |= 1 << 3;
        }

        if (flags.ACK)
        {
            mask |= 1 << 4;
        }

        if (flags.URG)
        {
            mask |= 1 << 5;
        }

        if (flags.ECE)
        {
            mask |= 1 << 6;
        }

        if (flags.CWR)
        {
            mask |= 1 << 7;
        }

        if (flags.NS)
        {
            mask |= 1 << 8;
        }

        return (ushort)mask;
    }
}
