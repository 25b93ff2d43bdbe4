namespace NetObs.Simulator.Scenarios;

/// <summary>DNS response-code names as Hubble prints them and labels its DNS metrics (hubble-api.md §6.1).</summary>
public static class DnsRcodeNames
{
    public const uint NoError = 0;
    public const uint FormatError = 1;
    public const uint ServerFailure = 2;
    public const uint NonExistentDomain = 3;
    public const uint NotImplemented = 4;
    public const uint Refused = 5;

    public static string Name(uint rcode) => rcode switch
    {
        NoError => "No Error",
        FormatError => "Format Error",
        ServerFailure => "Server Failure",
        NonExistentDomain => "Non-Existent Domain",
        NotImplemented => "Not Implemented",
        Refused => "Query Refused",
        _ => "Unknown",
    };
}
