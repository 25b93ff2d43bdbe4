using System.Collections.Frozen;
using Cilium.Flow;
using Google.Protobuf.Reflection;

namespace NetObs.Query.Flows;

/// <summary>Upstream enum value names (e.g. <c>DROPPED</c>, <c>POLICY_DENIED</c>) read from the proto descriptors, as Hubble prints them.</summary>
public static class ProtoEnumNames
{
    private static readonly FrozenDictionary<int, string> VerdictNames = Build<Verdict>();
    private static readonly FrozenDictionary<int, string> DropReasonNames = Build<DropReason>();
    private static readonly FrozenDictionary<int, string> DirectionNames = Build<TrafficDirection>();
    private static readonly FrozenDictionary<int, string> ObservationPointNames = Build<TraceObservationPoint>();
    private static readonly FrozenDictionary<int, string> L7TypeNames = Build<L7FlowType>();
    private static readonly FrozenDictionary<int, string> FlowTypeNames = Build<FlowType>();

    /// <summary>Every verdict name except the unknown one, in enum order.</summary>
    public static IReadOnlyList<string> Verdicts { get; } = [.. VerdictNames.OrderBy(p => p.Key).Where(p => p.Key != 0).Select(p => p.Value)];

    /// <summary>Every drop reason name except the unknown one, in enum order.</summary>
    public static IReadOnlyList<string> DropReasons { get; } = [.. DropReasonNames.OrderBy(p => p.Key).Where(p => p.Key != 0).Select(p => p.Value)];

    public static string Of(Verdict value) => Lookup(VerdictNames, (int)value);

    public static string Of(DropReason value) => Lookup(DropReasonNames, (int)value);

    public static string Of(TrafficDirection value) => Lookup(DirectionNames, (int)value);

    public static string Of(TraceObservationPoint value) => Lookup(ObservationPointNames, (int)value);

    public static string Of(L7FlowType value) => Lookup(L7TypeNames, (int)value);

    public static string Of(FlowType value) => Lookup(FlowTypeNames, (int)value);

    private static string Lookup(FrozenDictionary<int, string> names, int value) =>
        names.TryGetValue(value, out var name) ? name : value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static FrozenDictionary<int, string> Build<TEnum>()
        where TEnum : struct, Enum
    {
        var descriptor = FlowReflection.Descriptor.EnumTypes.Single(e => e.ClrType == typeof(TEnum));
        return descriptor.Values.ToFrozenDictionary(v => v.Number, v => v.Name);
    }
}
