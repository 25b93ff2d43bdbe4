namespace NetObs.History.Options;

/// <summary>Walks <c>--flag value</c> and <c>--flag=value</c> arguments; a missing value becomes a problem, not an exception.</summary>
internal sealed class CommandLineReader(IReadOnlyList<string> args, ICollection<string> problems)
{
    private int _index = -1;
    private string? _inlineValue;

    /// <summary>The current flag without an inline value, e.g. <c>--relay</c>.</summary>
    public string Flag { get; private set; } = "";

    /// <summary>The current argument as written.</summary>
    public string Argument => args[_index];

    public bool MoveNext()
    {
        _index++;
        if (_index >= args.Count)
        {
            return false;
        }

        Flag = args[_index];
        _inlineValue = null;
        var equals = Flag.IndexOf('=', StringComparison.Ordinal);
        if (Flag.StartsWith("--", StringComparison.Ordinal) && equals > 0)
        {
            _inlineValue = Flag[(equals + 1)..];
            Flag = Flag[..equals];
        }

        return true;
    }

    /// <summary>The flag's value, or null (with a problem) when the command line ends or another flag follows.</summary>
    public string? Value()
    {
        if (_inlineValue is not null)
        {
            return _inlineValue;
        }

        if (_index + 1 >= args.Count || args[_index + 1].StartsWith("--", StringComparison.Ordinal))
        {
            problems.Add($"{Flag} needs a value; see --help.");
            return null;
        }

        return args[++_index];
    }
}
