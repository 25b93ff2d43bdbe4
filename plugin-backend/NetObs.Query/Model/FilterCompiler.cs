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

    /// <summary>A sentence for a syntax problem that shows where in the filter it is.</summary>
    public static string Describe(string text, FilterSyntaxProblem problem)
    {
        var position = Math.Clamp(problem.Position, 0, text.Length);
        return problem.Message.Contains("position", StringComparison.OrdinalIgnoreCase)
            ? problem.Message
            : $"{problem.Message.TrimEnd('.')} (at position {position} in \"{text}\").";
    }
}
