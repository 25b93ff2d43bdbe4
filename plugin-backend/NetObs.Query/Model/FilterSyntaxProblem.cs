namespace NetObs.Query.Model;

/// <summary>Why a filter string did not parse, and where: a 0-based character position and the offending token.</summary>
public sealed record FilterSyntaxProblem(string Message, int Position, string Token);
