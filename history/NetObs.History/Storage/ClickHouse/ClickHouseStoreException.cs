namespace NetObs.History.Storage.ClickHouse;

/// <summary>
/// The ClickHouse store could not do what was asked: the message is a sentence for the user that names the
/// server and says how to fix it; the server's own reply, if any, is kept short in <see cref="ServerReply"/>.
/// </summary>
public sealed class ClickHouseStoreException : Exception
{
    public ClickHouseStoreException(string message, string serverReply = "")
        : base(message) => ServerReply = serverReply;

    public ClickHouseStoreException(string message, string serverReply, Exception innerException)
        : base(message, innerException) => ServerReply = serverReply;

    public ClickHouseStoreException()
    {
        ServerReply = string.Empty;
    }

    public ClickHouseStoreException(string message)
        : this(message, string.Empty)
    {
    }

    public ClickHouseStoreException(string message, Exception innerException)
        : this(message, string.Empty, innerException)
    {
    }

    /// <summary>The first line of ClickHouse's error text, shortened; empty when the server was not reached.</summary>
    public string ServerReply { get; }
}
