namespace NetObs.Hubble.Filtering;

/// <summary>What a flag's value is, so editors can offer the right input without re-deriving it from descriptions.</summary>
public enum ObserveValueKind
{
    /// <summary>No value: the flag is on when present.</summary>
    Switch,

    /// <summary>Free, non-empty text matched exactly or as a prefix.</summary>
    Text,

    /// <summary>A <c>[namespace/]name</c> prefix of a pod or service.</summary>
    NamespacedName,

    /// <summary>A workload name, <c>Kind/name</c> or <c>Kind/</c>.</summary>
    Workload,

    /// <summary>A whole number.</summary>
    Number,

    /// <summary>An L4 port, 0 to 65535.</summary>
    Port,

    /// <summary>An IP address or CIDR.</summary>
    IpAddress,

    /// <summary>A name with <c>*</c> wildcards (DNS names, node names).</summary>
    NamePattern,

    /// <summary>A regular expression in RE2 syntax.</summary>
    Regex,

    /// <summary>A label selector such as <c>k8s:app=foo</c>.</summary>
    LabelSelector,

    /// <summary>One of the flag's <see cref="ObserveFlag.Choices"/>.</summary>
    Choice,

    /// <summary>A comma-separated list of the flag's <see cref="ObserveFlag.Choices"/>.</summary>
    ChoiceList,

    /// <summary>A security identity: a number or one of the flag's reserved names.</summary>
    Identity,

    /// <summary>An event type <c>TYPE[:SUBTYPE]</c>; the flag's choices are the type names.</summary>
    EventType,

    /// <summary>An HTTP status code, full (404) or a prefix (5+).</summary>
    HttpStatus,

    /// <summary>An HTTP header as <c>name:value</c>.</summary>
    HttpHeader,

    /// <summary>A CEL expression.</summary>
    Expression,

    /// <summary>A FlowFilter as protobuf JSON.</summary>
    FlowFilterJson,

    /// <summary>A duration ago (5m) or a point in time (RFC 3339).</summary>
    Time,
}
