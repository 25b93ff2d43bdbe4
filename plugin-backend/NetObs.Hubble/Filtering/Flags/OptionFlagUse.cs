namespace NetObs.Hubble.Filtering;

/// <summary>A request option flag's occurrence: its value, the parse time and the options being built.</summary>
internal sealed class OptionFlagUse(string text, ObserveToken flagToken, ObserveToken at, string typed, RequestOptionsBuilder request, DateTimeOffset now)
    : FlagUse(text, flagToken, at, typed)
{
    /// <summary>The options and raw filters collected so far.</summary>
    public RequestOptionsBuilder Request => request;

    /// <summary>What relative times (<c>--since 5m</c>) are resolved against.</summary>
    public DateTimeOffset Now => now;
}
