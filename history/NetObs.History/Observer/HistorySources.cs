using NetObs.History.Following;
using NetObs.History.Storage;

namespace NetObs.History.Observer;

/// <summary>What the observer API reads from: the store, the live feed of written flows, and the relay followers.</summary>
public sealed record HistorySources(IFlowStore Store, LiveFeed Feed, IReadOnlyList<RelayFollower> Followers, TimeProvider Clock, DateTimeOffset StartedAt);
