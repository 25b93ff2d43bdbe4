namespace NetObs.History.Following;

/// <summary>What a follower knows about its relay right now, for ServerStatus and GetNodes.</summary>
public sealed record RelayState(string Cluster, string Address, bool Connected, IReadOnlyList<string> Nodes, string? Problem, long FlowsReceived);
