namespace NetObs.Hubble.Import;

/// <summary>A line of a <c>hubble observe -o jsonpb</c> file that cannot be read; names the line and the problem.</summary>
public sealed class JsonpbImportException : Exception
{
    public JsonpbImportException(string message, long lineNumber, Exception? innerException = null)
        : base(message, innerException)
    {
        LineNumber = lineNumber;
    }

    public JsonpbImportException()
    {
    }

    public JsonpbImportException(string message)
        : base(message)
    {
    }

    public JsonpbImportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>1-based line number in the input.</summary>
    public long LineNumber { get; }
}
