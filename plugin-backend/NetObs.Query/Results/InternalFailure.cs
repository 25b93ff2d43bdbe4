using System.Globalization;

namespace NetObs.Query.Results;

/// <summary>
/// A fault of the plugin itself: users get a sentence with a reference and no exception text (issue 12), and the
/// caller logs the exception with the same reference so that the log line can be found.
/// </summary>
public static class InternalFailure
{
    /// <summary>A <see cref="QueryFailure"/> of source plugin, status 500, that carries <paramref name="error"/> and a fresh log reference.</summary>
    public static QueryFailure From(Exception error)
    {
        var reference = NewReference();
        return new QueryFailure(
            $"The plugin failed inside its own code (not the relay); the plugin log has the details under reference {reference}. Please report it with that log line.",
            FailureSource.Plugin,
            500,
            error)
        {
            LogReference = reference,
        };
    }

    /// <summary>A short random reference, unique enough to find one line in a log.</summary>
    public static string NewReference() => "ref-" + Random.Shared.Next().ToString("x8", CultureInfo.InvariantCulture);
}
