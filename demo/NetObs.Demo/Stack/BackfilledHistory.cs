namespace NetObs.Demo.Stack;

/// <summary>What the backfill stored, and where the incident is.</summary>
internal sealed record BackfilledHistory(string Store, long Flows, DateTimeOffset From, DateTimeOffset IncidentStart, DateTimeOffset IncidentEnd, TimeSpan ExportTime, TimeSpan ImportTime, string ImportReport);
