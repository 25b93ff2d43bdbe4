using Cilium.Flow;
using Google.Protobuf.Reflection;

namespace NetObs.Hubble.Filtering;

/// <summary>Looks up flow.proto enum values by their proto names through the generated descriptors.</summary>
internal static class ProtoEnumNames
{
    public static EnumDescriptor Verdict { get; } = FlowReflection.Descriptor.FindTypeByName<EnumDescriptor>("Verdict");

    public static EnumDescriptor DropReason { get; } = FlowReflection.Descriptor.FindTypeByName<EnumDescriptor>("DropReason");

    public static bool TryParse(EnumDescriptor descriptor, string name, out int number)
    {
        var value = descriptor.FindValueByName(name) ?? descriptor.FindValueByName(name.ToUpperInvariant());
        number = value?.Number ?? 0;
        return value is not null;
    }

    public static string NameOf(EnumDescriptor descriptor, int number) =>
        descriptor.FindValueByNumber(number)?.Name ?? number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static IEnumerable<string> Names(EnumDescriptor descriptor) => descriptor.Values.Select(v => v.Name);
}
