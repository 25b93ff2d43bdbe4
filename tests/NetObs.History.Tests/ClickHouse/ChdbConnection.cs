using System.Runtime.InteropServices;
using System.Text;
using NetObs.History.Storage;
using NetObs.History.Storage.ClickHouse;

namespace NetObs.History.Tests.ClickHouse;

/// <summary>
/// The ClickHouse store's connection interface over chDB (ClickHouse 26.7 in process, clickhouse-local semantics,
/// MergeTree tables under a scratch folder), so the store's own statements run unchanged on a current engine.
/// chDB allows one engine per process and serializes queries itself; this class serializes too.
/// </summary>
public sealed class ChdbConnection : IClickHouseConnection
{
    private static readonly byte[] TabSeparated = Encoding.ASCII.GetBytes("TabSeparated");
    private readonly ChdbNative _native;
    private readonly IntPtr _connectionPointer;
    private readonly IntPtr _connection;
    private readonly Lock _gate = new();
    private bool _closed;

    private ChdbConnection(ChdbNative native, IntPtr connectionPointer, string folder)
    {
        _native = native;
        _connectionPointer = connectionPointer;
        _connection = Marshal.ReadIntPtr(connectionPointer);
        Folder = folder;
    }

    public string Address => "chDB";

    public string Folder { get; }

    /// <summary>Loads libchdb.so and opens an engine keeping its tables under <paramref name="folder"/>.</summary>
    public static ChdbConnection Open(string folder)
    {
        var native = ChdbNative.Load();
        string[] arguments = ["clickhouse", $"--path={folder}"];
        var argv = arguments.Select(Marshal.StringToHGlobalAnsi).ToArray();
        try
        {
            var connection = native.Connect(argv.Length, argv);
            if (connection == IntPtr.Zero || Marshal.ReadIntPtr(connection) == IntPtr.Zero)
            {
                throw new InvalidOperationException($"chdb_connect failed for --path={folder}.");
            }

            return new ChdbConnection(native, connection, folder);
        }
        finally
        {
            foreach (var arg in argv)
            {
                Marshal.FreeHGlobal(arg);
            }
        }
    }

    public Task<byte[]> QueryAsync(string sql, CancellationToken cancellationToken) =>
        Task.FromResult(Run(Encoding.UTF8.GetBytes(sql)));

    public Task InsertAsync(string insertStatement, ReadOnlyMemory<byte> rows, CancellationToken cancellationToken)
    {
        // clickhouse-local reads an INSERT's data from the statement text after FORMAT, as the HTTP body would be.
        var statement = Encoding.UTF8.GetBytes(insertStatement + "\n");
        var whole = new byte[statement.Length + rows.Length];
        statement.CopyTo(whole, 0);
        rows.Span.CopyTo(whole.AsSpan(statement.Length));
        Run(whole);
        return Task.CompletedTask;
    }

    private byte[] Run(byte[] statement)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            var result = _native.QueryN(_connection, statement, (UIntPtr)statement.Length, TabSeparated, (UIntPtr)TabSeparated.Length);
            if (result == IntPtr.Zero)
            {
                throw new FlowStoreException("chDB returned no result.");
            }

            try
            {
                var error = _native.ResultError(result);
                if (error != IntPtr.Zero)
                {
                    var text = Marshal.PtrToStringUTF8(error) ?? string.Empty;
                    throw new FlowStoreException($"chDB rejected '{Excerpt(statement)}': {text}");
                }

                var length = checked((int)(ulong)_native.ResultLength(result));
                var output = new byte[length];
                if (length > 0)
                {
                    Marshal.Copy(_native.ResultBuffer(result), output, 0, length);
                }

                return output;
            }
            finally
            {
                _native.DestroyResult(result);
            }
        }
    }

    private static string Excerpt(byte[] statement)
    {
        var text = Encoding.UTF8.GetString(statement, 0, Math.Min(statement.Length, 80)).ReplaceLineEndings(" ");
        return statement.Length > 80 ? text + "…" : text;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (!_closed)
            {
                _closed = true;
                _native.CloseConnection(_connectionPointer);
            }
        }
    }
}
