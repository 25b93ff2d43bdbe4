using NetObs.Hubble.FlowSources;
using NetObs.Query.Results;

namespace NetObs.Query.History;

/// <summary>
/// What <see cref="HistoryPushdown.TryAsync{T}"/> found: the pushed-down result, or null to scan; the history server, if
/// the source is one; and the notice that explains a fallback to scanning.
/// </summary>
public sealed record PushdownAttempt<T>(T? Result, IHistoryAggregations? History, QueryNotice? Fallback)
    where T : class;
