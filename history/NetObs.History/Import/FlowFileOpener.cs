using System.IO.Compression;

namespace NetObs.History.Import;

/// <summary>Opens a capture or an exporter file as text, decompressing gzip (rotated exporter files) when the file starts with gzip's magic bytes.</summary>
public static class FlowFileOpener
{
    public static TextReader Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            file.Position = 0;
            Stream stream = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
            return new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
