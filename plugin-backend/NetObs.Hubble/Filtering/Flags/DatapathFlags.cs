using Cilium.Flow;

namespace NetObs.Hubble.Filtering;

/// <summary><c>--interface</c>, <c>--encrypted</c>, <c>--unencrypted</c>: where and how the datapath carried the packet.</summary>
internal static class DatapathFlags
{
    public static IReadOnlyList<ObserveFlagDefinition> All { get; } =
    [
        new FilterFlag(Flag("interface", ObserveValueKind.Text, "Network interface name"), use =>
        {
            use.RequireValue();
            var value = use.Value;
            use.Tracker.Both(f => f.Interface.Add(new NetworkInterface { Name = value }));
        }),
        new FilterFlag(Flag("encrypted", ObserveValueKind.Switch, "Encrypted flows only"), use => use.Tracker.Both(f => f.Encrypted.Add(true))),
        new FilterFlag(Flag("unencrypted", ObserveValueKind.Switch, "Unencrypted flows only"), use => use.Tracker.Both(f => f.Encrypted.Add(false))),
    ];

    private static ObserveFlag Flag(string name, ObserveValueKind value, string description) =>
        new(name, null, value, ObserveFlagFamily.Datapath, description);
}
