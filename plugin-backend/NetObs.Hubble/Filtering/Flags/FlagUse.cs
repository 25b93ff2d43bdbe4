namespace NetObs.Hubble.Filtering;

/// <summary>
/// One occurrence of a flag in the filter text: the flag as typed, its value, and where both are, so a handler's
/// errors point at the offending token with an excerpt of the text.
/// </summary>
internal abstract class FlagUse(string text, ObserveToken flagToken, ObserveToken at, string typed)
{
    /// <summary>The flag word itself (for a short flag, its one letter).</summary>
    public ObserveToken FlagToken => flagToken;

    /// <summary>The value token, or the flag token for a switch.</summary>
    public ObserveToken At => at;

    /// <summary>The value as typed.</summary>
    public string Value => at.Text;

    /// <summary>The flag as the user typed it (<c>--namespace</c> or <c>-n</c>), for messages.</summary>
    public string Typed => typed;

    public FilterSyntaxException Error(string message) => Error(message, at);

    public FilterSyntaxException Error(string message, ObserveToken token) => ObserveFilterParser.ErrorAt(text, message, token);
}
