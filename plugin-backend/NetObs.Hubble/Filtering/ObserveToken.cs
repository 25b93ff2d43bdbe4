namespace NetObs.Hubble.Filtering;

/// <summary>One shell-style word of a filter string and where it starts.</summary>
internal readonly record struct ObserveToken(string Text, int Position, int Length);
