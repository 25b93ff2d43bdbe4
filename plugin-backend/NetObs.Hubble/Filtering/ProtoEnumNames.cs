using System.Collections.Frozen;
using System.Globalization;
using Cilium.Flow;
using Google.Protobuf.Reflection;

namespace NetObs.Hubble.Filtering;

/// <summary>
/// flow.proto enum values by their upstream names (e.g. <c>DROPPED</c>, <c>POLICY_DENIED</c>), read from the generated
/// descriptors: Hubble prints and parses these names, so filters, frames and variables use them too.
/// </summary>
public static class ProtoEnumNames
{
    private static readonly FrozenDictionary<int, string> VerdictNames = Build<Cilium.Flow.Verdict>();
    private static readonly FrozenDictionary<int, string> DropReasonNames = Build<Cilium.Flow.DropReason>();
    private static readonly FrozenDictionary<int, string> DirectionNames = Build<TrafficDirection>();
    private static readonly FrozenDictionary<int, string> ObservationPointNames = Build<TraceObservationPoint>();
    private static readonly FrozenDictionary<int, string> L7TypeNames = Build<L7FlowType>();
    private static readonly FrozenDictionary<int, string> FlowTypeNames = Build<FlowType>();

    public static EnumDescriptor Verdict { get; } = FlowReflection.Descriptor.FindTypeByName<EnumDescriptor>("Verdict");

    public static EnumDescriptor DropReason { get; } = FlowReflection.Descriptor.FindTypeByName<EnumDescriptor>("DropReason");

    /// <summary>Every verdict name except the unknown one, in enum order.</summary>
    public static IReadOnlyList<string> Verdicts { get; } = [.. VerdictNames.OrderBy(p => p.Key).Where(p => p.Key != 0).Select(p => p.Value)];

    /// <summary>Every drop reason name except the unknown one, in enum order.</summary>
    public static IReadOnlyList<string> DropReasons { get; } = [.. DropReasonNames.OrderBy(p => p.Key).Where(p => p.Key != 0).Select(p => p.Value)];

    public static bool TryParse(EnumDescriptor descriptor, string name, out int number)
    {
        var value = descriptor.FindValueByName(name) ?? descriptor.FindValueByName(name.ToUpperInvariant());
        number = value?.Number ?? 0;
        return value is not null;
    }

    public static string NameOf(EnumDescriptor descriptor, int number) =>
        descriptor.FindValueByNumber(number)?.Name ?? number.ToString(CultureInfo.InvariantCulture);

    public static IEnumerable<string> Names(EnumDescriptor descriptor) => descriptor.Values.Select(v => v.Name);

    public static string Of(Cilium.Flow.Verdict value) => Lookup(VerdictNames, (int)value);

    public static string Of(Cilium.Flow.DropReason value) => Lookup(DropReasonNames, (int)value);

    public static string Of(TrafficDirection value) => Lookup(DirectionNames, (int)value);

    public static string Of(TraceObservationPoint value) => Lookup(ObservationPointNames, (int)value);

    public static string Of(L7FlowType value) => Lookup(L7TypeNames, (int)value);

    public static string Of(FlowType value) => Lookup(FlowTypeNames, (int)value);

    private static string Lookup(FrozenDictionary<int, string> names, int value) =>
        names.TryGetValue(value, out var name) ? name : value.ToString(CultureInfo.InvariantCulture);

    private static FrozenDictionary<int, string> Build<TEnum>()
        where TEnum : struct, Enum
    {
        var descriptor = FlowReflection.Descriptor.EnumTypes.Single(e => e.ClrType == typeof(TEnum));
        return descriptor.Values.ToFrozenDictionary(v => v.Number, v => v.Name);
    }
}
