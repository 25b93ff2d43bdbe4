using Cilium.Flow;
using Google.Protobuf.WellKnownTypes;

namespace NetObs.History.Observer;

/// <summary>
/// GetFlowsRequest.field_mask as Hubble applies it (Cilium 1.16+): an invalid path is rejected, and only the listed Flow paths are copied
/// into the flow that is sent. Paths use proto field names, e.g. <c>source.pod_name</c>.
/// </summary>
public sealed class FlowFieldMaskApplier
{
    private readonly FieldMask _mask;

    private FlowFieldMaskApplier(FieldMask mask) => _mask = mask;

    /// <summary>Null when the request has no mask: the whole flow is sent.</summary>
    /// <exception cref="ArgumentException">A path names no field of flow.Flow; the message says which.</exception>
    public static FlowFieldMaskApplier? From(Cilium.Observer.GetFlowsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The 1.14-1.18 location (experimental.field_mask) is reserved in the 1.19 proto this project compiles.
        if (request.FieldMask is not { Paths.Count: > 0 } mask)
        {
            return null;
        }

        foreach (var path in mask.Paths)
        {
            if (!FieldMask.IsValid(Flow.Descriptor, FieldMask.FromString(path)))
            {
                throw new ArgumentException($"invalid fieldmask: '{path}' does not name a field of flow.Flow; use proto field names such as source.pod_name");
            }
        }

        return new FlowFieldMaskApplier(mask);
    }

    /// <summary>A new flow holding only the masked fields.</summary>
    public Flow Apply(Flow source)
    {
        var target = new Flow();
        _mask.Merge(source, target);
        return target;
    }
}
