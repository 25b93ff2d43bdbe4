namespace NetObs.History.Storage.Wire;

/// <summary>
/// Reads protobuf wire format from a span (protobuf.dev "Encoding": varints, tags of field number and wire type,
/// length-delimited fields, groups). Every method answers false instead of throwing where the bytes are not wire
/// format, so a caller can hand anything unusual to Google.Protobuf, whose verdict is the reference.
/// </summary>
internal ref struct WireReader
{
    /// <summary>Google.Protobuf's default recursion limit: deeper nesting is not read here.</summary>
    public const int MaxDepth = 100;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _base;
    private int _at;

    /// <param name="data">The message's bytes.</param>
    /// <param name="offset">Where <paramref name="data"/> starts in the outermost message, so slices name absolute positions.</param>
    public WireReader(ReadOnlySpan<byte> data, int offset)
    {
        _data = data;
        _base = offset;
        _at = 0;
    }

    public readonly bool End => _at >= _data.Length;

    /// <summary>A tag: field numbers from 1, wire types 0 to 5 (6 and 7 do not exist, a tag over 32 bits is malformed).</summary>
    public bool TryReadTag(out int field, out int wireType)
    {
        field = 0;
        wireType = 0;
        var start = _at;
        if (!TryReadVarint(out var tag) || _at - start > 5 || tag > uint.MaxValue)
        {
            return false;
        }

        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        return field > 0 && wireType <= 5;
    }

    /// <summary>A varint field's value into a field of type <typeparamref name="T"/>, truncated as a C# cast (and as Google.Protobuf) does.</summary>
    public bool TryReadVarint<T>(out T value)
        where T : System.Numerics.IBinaryInteger<T>
    {
        var read = TryReadVarint(out ulong raw);
        value = T.CreateTruncating(raw);
        return read;
    }

    public bool TryReadVarint(out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 70 && _at < _data.Length; shift += 7)
        {
            var b = _data[_at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The bytes of a length-delimited field and where they start in the outermost message.</summary>
    public bool TryReadLengthDelimited(out ReadOnlySpan<byte> value, out int offset)
    {
        value = default;
        offset = 0;
        if (!TryReadVarint(out var length) || length > (ulong)(_data.Length - _at))
        {
            return false;
        }

        offset = _base + _at;
        value = _data.Slice(_at, (int)length);
        _at += (int)length;
        return true;
    }

    /// <summary>Skips the value of a field whose tag was just read; a group is skipped up to its matching end.</summary>
    public bool TrySkip(int field, int wireType, int depth)
    {
        switch (wireType)
        {
            case 0:
                return TryReadVarint(out _);
            case 1:
                return TryAdvance(8);
            case 5:
                return TryAdvance(4);
            case 2:
                return TryReadLengthDelimited(out _, out _);
            case 3:
                return TrySkipGroup(field, depth + 1);
            default:
                // An end-group tag outside a group.
                return false;
        }
    }

    private bool TrySkipGroup(int field, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        while (TryReadTag(out var inner, out var wireType))
        {
            if (wireType == 4)
            {
                return inner == field;
            }

            if (!TrySkip(inner, wireType, depth))
            {
                return false;
            }
        }

        return false;
    }

    private bool TryAdvance(int count)
    {
        if (_data.Length - _at < count)
        {
            return false;
        }

        _at += count;
        return true;
    }
}
