using Cilium.Flow;
using NetObs.Hubble.FlowValues;

namespace NetObs.Query.Aggregation;

/// <summary>Reads a flow's <see cref="GroupKey"/> for a fixed list of dimensions.</summary>
public sealed class GroupKeyReader(IReadOnlyList<FlowDimension> dimensions)
{
    private readonly FlowDimension[] _dimensions = [.. dimensions];
    private readonly FlowText _text = new();

    public int Count => _dimensions.Length;

    public IReadOnlyList<FlowDimension> Dimensions => _dimensions;

    public GroupKey Read(Flow flow)
    {
        var d = _dimensions;
        switch (d.Length)
        {
            case 0:
                return new GroupKey(string.Empty, null, null, null, null);
            case 1:
                return new GroupKey(d[0].Read(flow, _text), null, null, null, null);
            case 2:
                return new GroupKey(d[0].Read(flow, _text), d[1].Read(flow, _text), null, null, null);
            case 3:
                return new GroupKey(d[0].Read(flow, _text), d[1].Read(flow, _text), d[2].Read(flow, _text), null, null);
            case 4:
                return new GroupKey(d[0].Read(flow, _text), d[1].Read(flow, _text), d[2].Read(flow, _text), d[3].Read(flow, _text), null);
            default:
                var rest = new string[d.Length - 4];
                for (var i = 4; i < d.Length; i++)
                {
                    rest[i - 4] = d[i].Read(flow, _text);
                }

                return new GroupKey(d[0].Read(flow, _text), d[1].Read(flow, _text), d[2].Read(flow, _text), d[3].Read(flow, _text), rest);
        }
    }

    public IReadOnlyList<KeyValuePair<string, string>> Labels(GroupKey key)
    {
        var values = key.Values(_dimensions.Length);
        var labels = new KeyValuePair<string, string>[_dimensions.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = new(_dimensions[i].Name, values[i]);
        }

        return labels;
    }
}
