namespace NetObs.Hubble.Filtering;

/// <summary>One flag of the filter language: its long name, optional short name, and whether it takes a value.</summary>
public sealed record ObserveFlag(string Name, char? Short, bool TakesValue, string Description);
