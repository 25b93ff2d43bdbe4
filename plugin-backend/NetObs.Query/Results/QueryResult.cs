namespace NetObs.Query.Results;

/// <summary>The result of one query, independent of Grafana's frame encoding; the plugin maps each kind to frames.</summary>
public abstract record QueryResult(string RefId, string ExecutedQueryString, IReadOnlyList<QueryNotice> Notices);
