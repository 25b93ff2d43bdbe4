using NetObs.Hubble.Evaluation;

namespace NetObs.Hubble.Filtering;

/// <summary>A filter flag's occurrence: its value and the allow or deny filter pair it writes into.</summary>
internal sealed class FilterFlagUse(string text, ObserveToken flagToken, ObserveToken at, string typed, FilterTracker tracker)
    : FlagUse(text, flagToken, at, typed)
{
    /// <summary>The list (allow, or deny after <c>--not</c>) the flag writes into.</summary>
    public FilterTracker Tracker => tracker;

    /// <summary>Refuses an empty value; <paramref name="fix"/> is appended to the sentence.</summary>
    public void RequireValue(string fix = "")
    {
        if (Value.Length == 0)
        {
            throw Error($"filter: {Typed} at position {At.Position} needs a non-empty value{fix}");
        }
    }

    /// <summary>Runs the server's own check of the value, so the error points at the token instead of failing the request later.</summary>
    public void Validate(Action check)
    {
        try
        {
            check();
        }
        catch (InvalidFlowFilterException e)
        {
            throw Error($"filter: invalid {Typed} value '{TextExcerpt.Of(Value)}' at position {At.Position}: {TextExcerpt.Of(e.Message, 4 * TextExcerpt.MaxQuoted)}");
        }
    }

    /// <summary>Refuses a value that is not a label selector.</summary>
    public void ValidateSelector()
    {
        try
        {
            LabelSelector.Parse(Value);
        }
        catch (FormatException e)
        {
            throw Error($"filter: invalid {Typed} value at position {At.Position}: {TextExcerpt.Of(e.Message, 4 * TextExcerpt.MaxQuoted)}");
        }
    }
}
