using System.Text.Json.Nodes;

namespace NetObs.Demo.Walkthrough;

/// <summary>One thing an operator looks at: a Prometheus query or a NetObs query, and how to show it.</summary>
internal abstract record WalkStep(string Title);

/// <summary>A PromQL instant query; rows are its series, named by <paramref name="LabelColumns"/>.</summary>
internal sealed record PromStep(string Title, string Expression, IReadOnlyList<string> LabelColumns, string ValueHeader) : WalkStep(Title);

/// <summary>A query of our data source through the plugin; <paramref name="Columns"/> picks the fields to show (null: the first few).</summary>
internal sealed record PluginStep(string Title, JsonObject Query, IReadOnlyList<string>? Columns = null, int MaxRows = 8, RowView? View = null) : WalkStep(Title);

/// <summary>A query of the data source whose `url` is the history server, over a window of the backfilled hours.</summary>
internal sealed record HistoryStep(string Title, JsonObject Query, HistoryWindow Window, IReadOnlyList<string>? Columns = null, int MaxRows = 8) : WalkStep(Title);

/// <summary>Which hours a <see cref="HistoryStep"/> asks about.</summary>
internal enum HistoryWindow
{
    /// <summary>Everything the history server holds: the backfilled hours up to now.</summary>
    All,

    /// <summary>The incident, with ten minutes on either side.</summary>
    Incident,
}

/// <summary>The alerts Prometheus has firing or pending.</summary>
internal sealed record AlertsStep(string Title) : WalkStep(Title);

/// <summary>One of the guide's five use cases: the question and the steps that answer it.</summary>
internal sealed record UseCase(int Number, string Title, string Question, IReadOnlyList<WalkStep> Steps);

/// <summary>What a step showed, for the non-interactive mode's summary and the tests.</summary>
internal sealed record StepResult(int UseCase, string Step, bool Ran, int Rows, string? Error)
{
    /// <summary>The tables the step printed.</summary>
    public IReadOnlyList<ShownTable> Tables { get; init; } = [];
}
