using System.Globalization;

namespace NetObs.Hubble.FlowValues;

/// <summary>DNS response code mnemonics (RFC 1035 §4.1.1, RFC 6895 §2.3), the number for codes without one.</summary>
public static class DnsRcodeNames
{
    private static readonly string[] Names =
        ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE"];

    public static string Of(long rcode) =>
        rcode >= 0 && rcode < Names.Length ? Names[rcode] : rcode.ToString(CultureInfo.InvariantCulture);
}
