using NetObs.Query.Model;

namespace NetObs.Plugin.Settings;

/// <summary>Parsed settings, or every problem with them; warnings (e.g. unknown keys) do not stop the data source.</summary>
public sealed record SettingsParseResult(DataSourceSettings? Settings, IReadOnlyList<QueryProblem> Problems, IReadOnlyList<string> Warnings)
{
    /// <summary>All problems as one sentence-per-problem message that names each setting.</summary>
    public string ErrorMessage => Problems.Count == 1
        ? $"Invalid data source settings: {Problems[0]}"
        : $"Invalid data source settings ({Problems.Count} problems): " + string.Join("; ", Problems.Select(p => p.ToString()));
}
