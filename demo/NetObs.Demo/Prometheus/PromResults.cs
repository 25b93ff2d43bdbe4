namespace NetObs.Demo.Prometheus;

/// <summary>One instant-query answer: the series and their latest values, or the API's error.</summary>
internal sealed record PromQueryResult(string Expression, string? Error, IReadOnlyList<PromSample> Series)
{
    public bool HasData => Error is null && Series.Count > 0;
}

/// <summary>One series of a query result.</summary>
internal sealed record PromSample(IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : "";
}

/// <summary>An active alert: name, state (pending or firing), labels and annotations.</summary>
internal sealed record PromAlert(string Name, string State, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);

/// <summary>A loaded rule and whether its last evaluation worked.</summary>
internal sealed record PromRule(string Group, string Name, string Type, string Health, string? LastError, string? State);
