using System.Collections;
using Cilium.Flow;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace NetObs.Simulator.Observer;

/// <summary>
/// GetFlowsRequest.field_mask (Cilium 1.16+): only the listed Flow paths are copied into the flow
/// that is sent. Paths use proto field names (`source.pod_name`, `IP`, `Summary`); a path that names
/// no Flow field is rejected, as Hubble rejects it.
/// </summary>
public sealed class FlowFieldMask
{
    private readonly Node _root;

    private FlowFieldMask(Node root) => _root = root;

    /// <summary>Null when the mask is empty: the whole flow is sent.</summary>
    public static FlowFieldMask? Compile(FieldMask? mask)
    {
        if (mask is null || mask.Paths.Count == 0)
        {
            return null;
        }

        var root = new Node();
        foreach (var path in mask.Paths)
        {
            var node = root;
            var descriptor = Flow.Descriptor;
            var parts = path.Split('.');
            for (var i = 0; i < parts.Length; i++)
            {
                var field = descriptor?.FindFieldByName(parts[i])
                    ?? throw new InvalidFieldMaskException($"invalid fieldmask: '{path}' does not name a field of flow.Flow (unknown '{parts[i]}'); use proto field names such as source.pod_name");
                if (i < parts.Length - 1 && (field.FieldType != FieldType.Message || field.IsRepeated || IsWrapper(field)))
                {
                    throw new InvalidFieldMaskException($"invalid fieldmask: '{path}' goes inside '{parts[i]}', which is not a message field");
                }

                if (node.Children is null)
                {
                    // An ancestor path already selects the whole field.
                    break;
                }

                if (!node.Children.TryGetValue(field, out var child))
                {
                    child = new Node();
                    node.Children[field] = child;
                }

                if (i == parts.Length - 1)
                {
                    child.Children = null;
                }

                node = child;
                descriptor = field.FieldType == FieldType.Message ? field.MessageType : null;
            }
        }

        return new FlowFieldMask(root);
    }

    /// <summary>A new flow holding only the masked fields; selected sub-messages are shared, not copied.</summary>
    public Flow Apply(Flow source)
    {
        var target = new Flow();
        Copy(_root, source, target);
        return target;
    }

    private static void Copy(Node node, IMessage source, IMessage target)
    {
        foreach (var (field, child) in node.Children!)
        {
            var accessor = field.Accessor;
            if (child.Children is null)
            {
                if (field.IsRepeated)
                {
                    var into = (IList)accessor.GetValue(target);
                    foreach (var item in (IList)accessor.GetValue(source))
                    {
                        into.Add(item);
                    }
                }
                else if (field.ContainingOneof is null || accessor.HasValue(source))
                {
                    var value = accessor.GetValue(source);
                    if (value is not null)
                    {
                        accessor.SetValue(target, value);
                    }
                }

                continue;
            }

            if (accessor.GetValue(source) is not IMessage sourceChild)
            {
                continue;
            }

            if (accessor.GetValue(target) is not IMessage targetChild)
            {
                targetChild = field.MessageType.Parser.ParseFrom(ByteString.Empty);
                accessor.SetValue(target, targetChild);
            }

            Copy(child, sourceChild, targetChild);
        }
    }

    private static bool IsWrapper(FieldDescriptor field) => field.MessageType.File == WrappersReflection.Descriptor;

    private sealed class Node
    {
        public Dictionary<FieldDescriptor, Node>? Children { get; set; } = [];
    }
}
