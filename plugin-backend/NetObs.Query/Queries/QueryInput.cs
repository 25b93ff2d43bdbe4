using NetObs.Query.Model;

namespace NetObs.Query.Queries;

/// <summary>One DataQuery as the engine receives it: refId, the raw JSON, DataQuery.queryType and the window.</summary>
public sealed record QueryInput(string RefId, ReadOnlyMemory<byte> Json, string? QueryTypeField, QueryWindow Window);
