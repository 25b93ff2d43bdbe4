namespace NetObs.Query.Queries;

/// <summary>The data source's flow limits the engine applies: how many flows a flows query returns unless it says, and at most.</summary>
public sealed record QueryLimits(int DefaultLimit, int MaxLimit);
