namespace NetObs.Query.Model;

/// <summary>One thing wrong with a query or settings: the JSON field it concerns and a sentence saying what and how to fix it.</summary>
public sealed record QueryProblem(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
