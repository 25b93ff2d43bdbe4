using System.Text;

namespace NetObs.History.Tests.Storage;

/// <summary>Writes protobuf wire format field by field, so tests can send what generated code never writes (repeats, unknown fields, groups).</summary>
public sealed class WireMessage
{
    private readonly List<byte> _bytes = [];

    public WireMessage Varint(int field, ulong value) => Tag(field, 0).Raw(value);

    public WireMessage Fixed32(int field, uint value) => Tag(field, 5).Bytes(BitConverter.GetBytes(value));

    public WireMessage Fixed64(int field, ulong value) => Tag(field, 1).Bytes(BitConverter.GetBytes(value));

    public WireMessage Text(int field, string value) => Field(field, Encoding.UTF8.GetBytes(value));

    public WireMessage Message(int field, WireMessage value) => Field(field, value.ToArray());

    public WireMessage Field(int field, byte[] value) => Tag(field, 2).Raw((ulong)value.Length).Bytes(value);

    public WireMessage Group(int field, WireMessage content) => Tag(field, 3).Bytes(content.ToArray()).Tag(field, 4);

    public WireMessage Bytes(byte[] raw)
    {
        _bytes.AddRange(raw);
        return this;
    }

    public byte[] ToArray() => [.. _bytes];

    private WireMessage Tag(int field, int wireType) => Raw(((ulong)field << 3) | (uint)wireType);

    private WireMessage Raw(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.Add((byte)value);
        return this;
    }
}
