using System.IO.Compression;
using System.Text;

namespace NetObs.Package.Tests;

/// <summary>
/// Reads the files a .NET single-file app carries after its apphost, so the package checks can look inside the
/// executables this machine cannot run (macOS, Windows). Format facts (dotnet/runtime, docs/design/features/bundle
/// format and the SDK's HostModel): the apphost holds a marker of an 8-byte header offset followed by a fixed 32-byte
/// signature; the header is major and minor version (uint32), file count (int32), bundle id (length-prefixed UTF-8),
/// then from version 2 the deps.json and runtimeconfig.json locations (4 × int64) and flags (uint64); each entry is
/// offset, size and, from version 6, compressed size (int64 each; 0 when stored), a type byte and its relative path.
/// Compressed entries are raw deflate.
/// </summary>
internal sealed class SingleFileBundle
{
    private static readonly byte[] Signature =
    [
        0x8b, 0x12, 0x02, 0xb9, 0x6a, 0x61, 0x20, 0x38, 0x72, 0x7b, 0x93, 0x02, 0x14, 0xd7, 0xa0, 0x32,
        0x13, 0xf5, 0xb9, 0xe6, 0xef, 0xae, 0x33, 0x18, 0xee, 0x3b, 0x2d, 0xce, 0x24, 0xb3, 0x6a, 0xae,
    ];

    private readonly byte[] image;

    private SingleFileBundle(byte[] image, uint majorVersion, IReadOnlyList<Entry> entries)
    {
        this.image = image;
        MajorVersion = majorVersion;
        Entries = entries;
    }

    public uint MajorVersion { get; }

    public IReadOnlyList<Entry> Entries { get; }

    /// <summary>The bundle in <paramref name="path"/>, or null when the file carries no bundle (a Native AOT executable).</summary>
    public static SingleFileBundle? TryRead(string path)
    {
        var image = File.ReadAllBytes(path);
        var marker = image.AsSpan().IndexOf(Signature);
        if (marker < 8)
        {
            return null;
        }

        var headerOffset = BitConverter.ToInt64(image, marker - 8);
        if (headerOffset <= 0 || headerOffset >= image.Length)
        {
            // An apphost template that was never bundled keeps the placeholder's zero offset.
            return null;
        }

        using var reader = new BinaryReader(new MemoryStream(image, (int)headerOffset, image.Length - (int)headerOffset), Encoding.UTF8);
        var major = reader.ReadUInt32();
        _ = reader.ReadUInt32();
        var count = reader.ReadInt32();
        _ = reader.ReadString();
        if (major >= 2)
        {
            reader.BaseStream.Seek((4 * sizeof(long)) + sizeof(ulong), SeekOrigin.Current);
        }

        var entries = new List<Entry>(count);
        for (var i = 0; i < count; i++)
        {
            var offset = reader.ReadInt64();
            var size = reader.ReadInt64();
            var compressedSize = major >= 6 ? reader.ReadInt64() : 0;
            var type = reader.ReadByte();
            entries.Add(new Entry(reader.ReadString(), offset, size, compressedSize, type));
        }

        return new SingleFileBundle(image, major, entries);
    }

    /// <summary>The uncompressed bytes of the entry named <paramref name="relativePath"/>.</summary>
    public byte[] Extract(string relativePath)
    {
        var entry = Entries.SingleOrDefault(e => e.RelativePath == relativePath)
            ?? throw new InvalidOperationException($"The bundle has no {relativePath}; it holds {string.Join(", ", Entries.Select(e => e.RelativePath))}.");
        if (entry.CompressedSize == 0)
        {
            return image.AsSpan((int)entry.Offset, (int)entry.Size).ToArray();
        }

        using var deflate = new DeflateStream(new MemoryStream(image, (int)entry.Offset, (int)entry.CompressedSize), CompressionMode.Decompress);
        using var output = new MemoryStream((int)entry.Size);
        deflate.CopyTo(output);
        return output.ToArray();
    }

    public sealed record Entry(string RelativePath, long Offset, long Size, long CompressedSize, byte Type);
}
