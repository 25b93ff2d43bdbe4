namespace NetObs.Hubble.Filtering;

/// <summary>
/// One flag of the filter language: its long name, optional short name, the kind of value it takes, the family it
/// belongs to and, for closed sets, the values it accepts. The frontend's contract fixture is written from these.
/// </summary>
public sealed record ObserveFlag(string Name, char? Short, ObserveValueKind Value, ObserveFlagFamily Family, string Description)
{
    /// <summary>Whether the flag is followed by a value; switches (<see cref="ObserveValueKind.Switch"/>) are not.</summary>
    public bool TakesValue => Value != ObserveValueKind.Switch;

    /// <summary>The values the flag accepts when they form a closed set (protocols, verdicts, …); empty otherwise.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];
}
