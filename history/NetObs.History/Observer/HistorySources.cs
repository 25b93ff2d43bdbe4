using NetObs.History.Following;
using NetObs.History.Storage;

namespace NetObs.History.Observer;

/// <summary>What the observer API reads from: the store, the live feed of written flows, the relay followers and the store writer.</summary>
public sealed record HistorySources(IFlowStore Store, LiveFeed Feed, IReadOnlyList<RelayFollower> Followers, StoreWriter Writer, TimeProvider Clock, DateTimeOffset StartedAt);
