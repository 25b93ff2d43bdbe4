namespace NetObs.Hubble.Filtering;

/// <summary>A filter string that does not parse; <see cref="Position"/> is the 0-based offset of <see cref="Token"/>.</summary>
public sealed class FilterSyntaxException : Exception
{
    public FilterSyntaxException(string message, int position, string token)
        : base(message)
    {
        Position = position;
        Token = token;
    }

    public FilterSyntaxException()
    {
        Token = string.Empty;
    }

    public FilterSyntaxException(string message)
        : base(message)
    {
        Token = string.Empty;
    }

    public FilterSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
        Token = string.Empty;
    }

    /// <summary>0-based character offset of the offending token in the filter string.</summary>
    public int Position { get; }

    /// <summary>The offending token as typed.</summary>
    public string Token { get; }
}
