using NetObs.Hubble.Filtering;

namespace NetObs.Query.Model;

/// <summary>Turns a `hubble observe` flag string into a <see cref="CompiledFilter"/> with the Hubble layer's parser.</summary>
public static class FilterCompiler
{
    public static (CompiledFilter? Filter, FilterSyntaxProblem? Problem) Compile(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (CompiledFilter.Everything, null);
        }

        try
        {
            var parsed = ObserveFilterParser.Parse(text);
            var options = parsed.Options;
            var filter = new CompiledFilter(
                text,
                ObserveFilterFormatter.Format(parsed),
                parsed.Allowlist,
                parsed.Denylist,
                options.Since,
                options.Until,
                options.Last,
                options.First,
                options.Follow);
            return (filter, null);
        }
        catch (FilterSyntaxException e)
        {
            return (null, new FilterSyntaxProblem(e.Message, e.Position, e.Token ?? string.Empty));
        }
    }

    /// <summary>A sentence for a syntax problem that shows where in the filter it is, quoting at most a short excerpt.</summary>
    public static string Describe(string text, FilterSyntaxProblem problem)
    {
        // The parser's messages start with "filter: " as the CLI's do; callers name the field themselves ("filter: filter: …" before).
        const string Prefix = "filter: ";
        var message = problem.Message.StartsWith(Prefix, StringComparison.Ordinal) ? problem.Message[Prefix.Length..] : problem.Message;
        if (message.Contains("position", StringComparison.OrdinalIgnoreCase))
        {
            return message;
        }

        var position = Math.Clamp(problem.Position, 0, text.Length);
        var start = Math.Max(0, position - (TextExcerpt.MaxQuoted / 2));
        if (start < text.Length && char.IsLowSurrogate(text[start]))
        {
            start++;
        }

        var excerpt = TextExcerpt.Of(text[start..]);
        return $"{message.TrimEnd('.')} (at position {position}, near \"{excerpt}\").";
    }
}
