namespace NetObs.Hubble.Filtering;

/// <summary>The concept a flag serves; each family's flags and their meaning live in one file under <c>Flags/</c>.</summary>
public enum ObserveFlagFamily
{
    /// <summary><c>--not</c>: sends the next filter flag to the denylist.</summary>
    Negation,

    /// <summary>Flow, trace and IP-option trace identifiers.</summary>
    Identifier,

    /// <summary>The node that observed the flow.</summary>
    Node,

    /// <summary>Cluster names of the endpoints.</summary>
    Cluster,

    /// <summary>Pods, namespaces, services and workloads of the endpoints.</summary>
    Endpoint,

    /// <summary>Security identities of the endpoints.</summary>
    Identity,

    /// <summary>Label selectors over the endpoints' labels.</summary>
    Label,

    /// <summary>IP addresses and IP versions.</summary>
    Ip,

    /// <summary>DNS names of the endpoints.</summary>
    Dns,

    /// <summary>L4/L7 protocols and TCP flags.</summary>
    Protocol,

    /// <summary>L4 ports.</summary>
    Port,

    /// <summary>Event types and traffic direction.</summary>
    Event,

    /// <summary>Verdicts and drop reasons.</summary>
    Verdict,

    /// <summary>L7 HTTP fields.</summary>
    Http,

    /// <summary>Network interface and encryption.</summary>
    Datapath,

    /// <summary>Filters passed through as written: FlowFilter JSON and CEL.</summary>
    RawFilter,

    /// <summary>Request options: time range, how many flows, follow.</summary>
    Request,
}
