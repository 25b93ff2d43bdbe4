using System.Globalization;

namespace NetObs.Simulator.Tests;

/// <summary>A clock that only moves when the test moves it, so that no flow appears between two reads.</summary>
public sealed class FrozenClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public static FrozenClock At(string iso) => new(DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture));

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
