namespace NetObs.Hubble.Filtering;

/// <summary>
/// Shortens a user's value for an error message: errors quote what was typed so it can be found, but a 5 MB value
/// must not come back as a 5 MB error (issue 12), so long values show their start and their length.
/// </summary>
public static class TextExcerpt
{
    /// <summary>How many characters of an offending value an error quotes.</summary>
    public const int MaxQuoted = 40;

    /// <summary>The value itself when short, else its first characters, an ellipsis and the full length.</summary>
    public static string Of(string? text, int max = MaxQuoted)
    {
        text ??= string.Empty;
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max;

        // Never split a surrogate pair: half a character cannot be encoded in the UTF-8 answer.
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return $"{text[..cut]}… ({text.Length:N0} characters)";
    }
}
