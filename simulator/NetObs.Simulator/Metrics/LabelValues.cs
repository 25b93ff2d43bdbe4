namespace NetObs.Simulator.Metrics;

/// <summary>
/// The label values of one series, held by reference in a struct so that counting a flow into an
/// existing series allocates nothing. Unused trailing slots stay null.
/// </summary>
public readonly record struct LabelValues(
    string? V0 = null,
    string? V1 = null,
    string? V2 = null,
    string? V3 = null,
    string? V4 = null,
    string? V5 = null,
    string? V6 = null,
    string? V7 = null,
    string? V8 = null)
{
    public string? this[int index] => index switch
    {
        0 => V0,
        1 => V1,
        2 => V2,
        3 => V3,
        4 => V4,
        5 => V5,
        6 => V6,
        7 => V7,
        8 => V8,
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, "a series has at most 9 labels"),
    };
}
