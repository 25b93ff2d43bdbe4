namespace NetObs.Hubble.Filtering;

/// <summary>
/// Parses a <c>hubble observe</c> argument string into allow/deny FlowFilter lists with the CLI's
/// semantics: one-sided flags AND, symmetric flags split into a source and a destination filter,
/// repeated flags OR, <c>--not</c> sends the next flag to the denylist. Values are checked as the
/// server would check them, so errors point at the token instead of failing the request later.
/// This file reads the words; what each flag means lives with its family under <c>Flags/</c>.
/// </summary>
public static class ObserveFilterParser
{
    /// <summary>Longer filters are refused before any parsing: a panel filter is a line of flags, not a document.</summary>
    public const int MaxLength = 4096;

    /// <summary>More flags than this are refused: each flag adds work to every flow the relay sends.</summary>
    public const int MaxFlags = 100;

    /// <summary>Parses with relative times resolved against the current time.</summary>
    public static ObserveQuery Parse(string args) => Parse(args, DateTimeOffset.UtcNow);

    /// <summary>Parses with relative times (<c>--since 5m</c>) resolved against <paramref name="now"/>.</summary>
    public static ObserveQuery Parse(string args, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(args);

        // Sizes first and in linear time, so that a 5 MB value or 5,000 flags is refused before tokenizing (issue 12).
        if (args.Length > MaxLength)
        {
            throw new FilterSyntaxException(
                $"filter: the filter is {args.Length:N0} characters long, more than the limit of {MaxLength:N0}; shorten it (it starts '{TextExcerpt.Of(args)}')",
                MaxLength,
                TextExcerpt.Of(args.Substring(MaxLength, Math.Min(args.Length - MaxLength, TextExcerpt.MaxQuoted + 1))));
        }

        var flags = CountFlagWords(args);
        if (flags > MaxFlags)
        {
            throw new FilterSyntaxException(
                $"filter: the filter has {flags:N0} flags, more than the limit of {MaxFlags}; combine values (e.g. --pod a --pod b matches either, so a label selector may say it shorter) or split the panel",
                0,
                TextExcerpt.Of(args));
        }

        // Half a surrogate pair is no character: the relay's JSON and protobuf encoders refuse it (found by the fuzz suite).
        if (LoneSurrogateAt(args) is { } lone)
        {
            throw new FilterSyntaxException(
                $"filter: the character at position {lone} is half of a UTF-16 surrogate pair, not a character; remove it or type the whole character",
                lone,
                string.Empty);
        }

        return new Run(args, now).Parse();
    }

    private static int? LoneSurrogateAt(string args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (char.IsHighSurrogate(args[i]) && i + 1 < args.Length && char.IsLowSurrogate(args[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(args[i]))
            {
                return i;
            }
        }

        return null;
    }

    private static int CountFlagWords(string args)
    {
        // An upper bound of the flags: every word that starts with '-' (quoted values may start with '-', too).
        var count = 0;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == '-' && (i == 0 || char.IsWhiteSpace(args[i - 1])))
            {
                count++;
            }
        }

        return count;
    }

    private sealed class Run(string text, DateTimeOffset now)
    {
        private readonly FilterTracker _allow = new();
        private readonly FilterTracker _deny = new();
        private readonly RequestOptionsBuilder _request = new();
        private ObserveToken? _pendingNot;

        public ObserveQuery Parse()
        {
            var tokens = ObserveTokenizer.Split(text);
            var index = SkipCommandWords(tokens);
            while (index < tokens.Count)
            {
                index = ParseFlag(tokens, index);
            }

            if (_pendingNot is { } not)
            {
                throw Error($"filter: --not at position {not.Position} must be followed by a filter flag, e.g. --not --namespace kube-system", not);
            }

            CheckOptionConflicts();
            var options = _request.Options;
            if (options.Follow && options.Until is not null)
            {
                // The CLI does not send --until together with --follow.
                options = options with { Until = null, UntilAgo = null };
            }

            var allow = _allow.Materialize();
            allow.AddRange(_request.RawAllow);
            var deny = _deny.Materialize();
            deny.AddRange(_request.RawDeny);
            return new ObserveQuery(allow, deny, options);
        }

        private static int SkipCommandWords(List<ObserveToken> tokens)
        {
            // Users paste whole command lines; "hubble observe [flows]" in front is harmless.
            var index = 0;
            if (index < tokens.Count && tokens[index].Text == "hubble")
            {
                index++;
            }

            if (index < tokens.Count && tokens[index].Text == "observe")
            {
                index++;
                if (index < tokens.Count && tokens[index].Text == "flows")
                {
                    index++;
                }
            }

            return index;
        }

        private int ParseFlag(List<ObserveToken> tokens, int index)
        {
            var token = tokens[index];
            var word = token.Text;
            if (word.StartsWith("--", StringComparison.Ordinal) && word.Length > 2)
            {
                var body = word[2..];
                var equals = body.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? body : body[..equals];
                var flag = ObserveFlags.FindDefinition(name)
                    ?? throw Error(
                        $"filter: unknown flag '--{TextExcerpt.Of(name)}' at position {token.Position}{SpellingSuggestion.Hint(name, ObserveFlags.All.Select(f => f.Name), "--")}",
                        token);
                if (equals >= 0)
                {
                    var inline = body[(equals + 1)..];
                    var valueToken = new ObserveToken(inline, token.Position + 3 + equals, inline.Length);
                    if (!flag.Flag.TakesValue)
                    {
                        if (!bool.TryParse(inline, out var enabled))
                        {
                            throw Error($"filter: flag '--{TextExcerpt.Of(name)}' at position {token.Position} is a switch and takes no value other than true or false, got '{TextExcerpt.Of(inline)}'", valueToken);
                        }

                        if (enabled)
                        {
                            Apply(flag, token, null);
                        }

                        return index + 1;
                    }

                    Apply(flag, token, valueToken);
                    return index + 1;
                }

                if (!flag.Flag.TakesValue)
                {
                    Apply(flag, token, null);
                    return index + 1;
                }

                var value = NextValue(tokens, index, $"--{name}");
                Apply(flag, token, value);
                return index + 2;
            }

            if (word.Length > 1 && word[0] == '-' && word[1] != '-')
            {
                return ParseShortFlags(tokens, index);
            }

            throw Error(
                $"filter: unexpected argument '{TextExcerpt.Of(word)}' at position {token.Position}; values follow a flag, e.g. --pod {TextExcerpt.Of(word)}",
                token);
        }

        private int ParseShortFlags(List<ObserveToken> tokens, int index)
        {
            var token = tokens[index];
            var word = token.Text;
            for (var i = 1; i < word.Length; i++)
            {
                var flag = ObserveFlags.FindShortDefinition(word[i]);
                var flagToken = new ObserveToken($"-{word[i]}", token.Position + i, 1);
                if (flag is null)
                {
                    var shorts = string.Join(", ", ObserveFlags.All.Where(f => f.Short is not null).Select(f => $"-{f.Short}"));
                    throw Error($"filter: unknown short flag '-{word[i]}' at position {token.Position + i}; short flags are {shorts}", flagToken);
                }

                if (!flag.Flag.TakesValue)
                {
                    Apply(flag, flagToken, null);
                    continue;
                }

                var rest = word[(i + 1)..];
                if (rest.StartsWith('='))
                {
                    rest = rest[1..];
                }

                if (rest.Length > 0)
                {
                    Apply(flag, flagToken, new ObserveToken(rest, token.Position + word.Length - rest.Length, rest.Length));
                    return index + 1;
                }

                Apply(flag, flagToken, NextValue(tokens, index, $"-{word[i]}"));
                return index + 2;
            }

            return index + 1;
        }

        private ObserveToken NextValue(List<ObserveToken> tokens, int index, string flag)
        {
            var token = tokens[index];
            if (index + 1 >= tokens.Count)
            {
                throw Error($"filter: flag '{flag}' at position {token.Position} needs a value", token);
            }

            var next = tokens[index + 1];
            if (next.Text.StartsWith("--", StringComparison.Ordinal) && ObserveFlags.Find(next.Text[2..].Split('=')[0]) is not null)
            {
                throw Error($"filter: flag '{flag}' at position {token.Position} needs a value, but the next word is the flag '{TextExcerpt.Of(next.Text)}'", token);
            }

            return next;
        }

        private void Apply(ObserveFlagDefinition definition, ObserveToken flagToken, ObserveToken? valueToken)
        {
            var at = valueToken ?? flagToken;
            var name = definition.Flag.Name;
            switch (definition)
            {
                case NegationFlag:
                    if (_pendingNot is not null)
                    {
                        throw Error($"filter: consecutive --not statements at position {flagToken.Position}; use --not before each flag to exclude", flagToken);
                    }

                    _pendingNot = flagToken;
                    return;
                case OptionFlag option:
                    RejectPendingNot(flagToken);
                    option.Apply(new OptionFlagUse(text, flagToken, at, $"--{name}", _request, now));
                    return;
                case FilterFlag filter:
                    ApplyFilter(filter, flagToken, at, flagToken.Text.StartsWith("--", StringComparison.Ordinal) ? $"--{name}" : flagToken.Text);
                    return;
                default:
                    throw new InvalidOperationException($"Flag --{name} has no handler.");
            }
        }

        private void RejectPendingNot(ObserveToken flagToken)
        {
            if (_pendingNot is { } not)
            {
                throw Error(
                    $"filter: --not at position {not.Position} must be followed by a filter flag, not '{TextExcerpt.Of(flagToken.Text)}'",
                    flagToken);
            }
        }

        private void ApplyFilter(FilterFlag filter, ObserveToken flagToken, ObserveToken at, string typed)
        {
            var tracker = _pendingNot is null ? _allow : _deny;
            _pendingNot = null;
            var name = filter.Flag.Name;
            var conflict = tracker.Track(name);
            if (conflict is not null)
            {
                throw Error($"filter: filters --{name} and --{conflict} cannot be combined (flag '{TextExcerpt.Of(typed)}' at position {flagToken.Position})", flagToken);
            }

            filter.Apply(new FilterFlagUse(text, flagToken, at, typed, tracker));

            if (tracker.NamespaceConflict() is { } namespaceConflict)
            {
                throw Error($"filter: {namespaceConflict} (flag '{TextExcerpt.Of(typed)}' at position {flagToken.Position})", flagToken);
            }
        }

        private void CheckOptionConflicts()
        {
            if (_request.First is { } first && _request.ConflictWithFirst() is { } other)
            {
                throw Error($"filter: --first at position {first.Position} cannot be combined with {other}; use one of them", first);
            }
        }

        private FilterSyntaxException Error(string message, ObserveToken token) => ErrorAt(text, message, token);
    }

    /// <summary>An error at <paramref name="token"/>, quoting the text as typed there.</summary>
    internal static FilterSyntaxException ErrorAt(string text, string message, ObserveToken token) =>
        new(message, token.Position, token.Length > 0 && token.Position + token.Length <= text.Length
            ? text.Substring(token.Position, token.Length)
            : token.Text);
}
