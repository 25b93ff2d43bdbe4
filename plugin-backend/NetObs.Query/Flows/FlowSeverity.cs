using Cilium.Flow;

namespace NetObs.Query.Flows;

/// <summary>The log level of a flow for Grafana's logs view: drops and server errors are errors, client errors and audits warnings.</summary>
public static class FlowSeverity
{
    public const string Error = "error";
    public const string Warning = "warning";
    public const string Info = "info";

    public static string Of(Flow flow)
    {
        if (flow.Verdict is Verdict.Dropped or Verdict.Error)
        {
            return Error;
        }

        var l7 = flow.L7;
        switch (l7?.RecordCase)
        {
            case Layer7.RecordOneofCase.Http when l7.Http.Code >= 500:
                return Error;
            case Layer7.RecordOneofCase.Http when l7.Http.Code >= 400:
                return Warning;
            case Layer7.RecordOneofCase.Dns when l7.Type == L7FlowType.Response && l7.Dns.Rcode is 2 or 5:
                // SERVFAIL and REFUSED mean the resolver failed; NXDOMAIN is often a search-path miss.
                return Error;
            case Layer7.RecordOneofCase.Dns when l7.Type == L7FlowType.Response && l7.Dns.Rcode != 0:
                return Warning;
            case Layer7.RecordOneofCase.Kafka when l7.Kafka.ErrorCode != 0:
                return Error;
            default:
                break;
        }

        if (flow.Verdict == Verdict.Audit || flow.L4?.TCP?.Flags?.RST == true)
        {
            return Warning;
        }

        return Info;
    }
}
