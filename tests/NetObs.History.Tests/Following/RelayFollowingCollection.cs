namespace NetObs.History.Tests.Following;

/// <summary>
/// The tests that follow a live simulator run on their own, after the parallel ones: each waits for the relay's
/// stream to reach the store within a bound, and sharing two cores with the differential tests (minutes of CPU each)
/// once stretched the first stored batch past it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RelayFollowingCollection
{
    public const string Name = "Relay following";
}
