using System.Globalization;
using Microsoft.Extensions.Logging;

namespace NetObs.Grafana;

/// <summary>
/// The words for a fault of the plugin's own code: users see what failed and a reference, never exception text or
/// .NET type names (issue 12); the log line with the exception carries the same reference.
/// </summary>
public static class PluginFault
{
    /// <summary>Logs <paramref name="error"/> under a fresh reference and returns the sentence to show for <paramref name="what"/>.</summary>
    /// <param name="logger">Where the exception is written.</param>
    /// <param name="error">What was thrown.</param>
    /// <param name="what">What failed, as the start of a sentence: "Query A", "The health check".</param>
    public static string Report(ILogger logger, Exception error, string what)
    {
        var reference = NewReference();
        logger.LogError(error, "{What} failed inside the plugin (reference {Reference})", what, reference);
        return Message(what, reference);
    }

    /// <summary>The sentence for a fault already logged under <paramref name="reference"/>.</summary>
    public static string Message(string what, string reference) =>
        $"{what} failed inside the plugin (not in the system it queries); the plugin log has the details under reference {reference}. Please report it with that log line.";

    /// <summary>A short random reference, unique enough to find one line in a log.</summary>
    public static string NewReference() => "ref-" + Random.Shared.Next().ToString("x8", CultureInfo.InvariantCulture);
}
