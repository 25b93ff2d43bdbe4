using System.Runtime.InteropServices;

namespace NetObs.History.Tests.ClickHouse;

/// <summary>
/// The C API of libchdb.so (npm @chdb/lib-linux-x64-gnu 26.7.3-stable.1, installed under tests/chdb by .ci/run):
/// chdb_connect returns a pointer to a connection handle; queries take the handle itself and return a result
/// whose buffer, length and error (NULL when none) are read before the result is destroyed. Bound at run time from
/// the package's path, as the library is not on the loader's search path.
/// </summary>
internal sealed class ChdbNative
{
    private const int SignalActionSize = 256; // larger than glibc's struct sigaction (152 bytes on x86-64)

    // Signals chdb_set_signal_handlers_enabled(0) resets to SIG_DFL (chdb's chdb.cpp, chdb_reset_signal_handlers);
    // .NET's runtime owns SIGSEGV/SIGFPE/SIGBUS/SIGILL (null references, division), so they are saved and put back.
    private static readonly int[] EngineResetSignals = [6, 11, 4, 7, 31, 8, 20, 5];

    private ChdbNative(IntPtr library)
    {
        Connect = Bind<ConnectFn>(library, "chdb_connect");
        CloseConnection = Bind<CloseConnFn>(library, "chdb_close_conn");
        QueryN = Bind<QueryNFn>(library, "chdb_query_n");
        ResultBuffer = Bind<ResultPtrFn>(library, "chdb_result_buffer");
        ResultLength = Bind<ResultLengthFn>(library, "chdb_result_length");
        ResultError = Bind<ResultPtrFn>(library, "chdb_result_error");
        DestroyResult = Bind<DestroyResultFn>(library, "chdb_destroy_query_result");
        SetSignalHandlersEnabled = Bind<SetSignalHandlersEnabledFn>(library, "chdb_set_signal_handlers_enabled");
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr ConnectFn(int argc, IntPtr[] argv);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void CloseConnFn(IntPtr connectionPointer);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr QueryNFn(IntPtr connection, byte[] query, UIntPtr queryLength, byte[] format, UIntPtr formatLength);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr ResultPtrFn(IntPtr result);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate UIntPtr ResultLengthFn(IntPtr result);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void DestroyResultFn(IntPtr result);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void SetSignalHandlersEnabledFn(int enabled);

    public ConnectFn Connect { get; }

    public CloseConnFn CloseConnection { get; }

    public QueryNFn QueryN { get; }

    public ResultPtrFn ResultBuffer { get; }

    public ResultLengthFn ResultLength { get; }

    public ResultPtrFn ResultError { get; }

    public DestroyResultFn DestroyResult { get; }

    public SetSignalHandlersEnabledFn SetSignalHandlersEnabled { get; }

    /// <summary>tests/chdb/node_modules/@chdb/lib-linux-x64-gnu/libchdb.so in this checkout.</summary>
    public static string LibraryPath =>
        Path.Combine(RepositoryPaths.Root, "tests", "chdb", "node_modules", "@chdb", "lib-linux-x64-gnu", "libchdb.so");

    /// <summary>Loads the library; fails with the fix when the npm package is not installed.</summary>
    public static ChdbNative Load()
    {
        if (!File.Exists(LibraryPath))
        {
            throw new InvalidOperationException(
                $"chDB is not installed: {LibraryPath} is missing. Run `npm ci` in tests/chdb (.ci/run does); it fetches @chdb/lib-linux-x64-gnu (~180 MB).");
        }

        var native = new ChdbNative(NativeLibrary.Load(LibraryPath));
        native.DisableEngineSignalHandlers();
        return native;
    }

    // chDB's own handlers for SIGSEGV and friends would take over the runtime's; disabling them resets those
    // signals to SIG_DFL as a side effect, so the runtime's handlers are saved first and put back after.
    private void DisableEngineSignalHandlers()
    {
        var saved = EngineResetSignals.Select(signal =>
        {
            var buffer = new byte[SignalActionSize];
            return SignalAction(signal, IntPtr.Zero, buffer) == 0 ? (signal, buffer) : (signal, null);
        }).ToArray();
        SetSignalHandlersEnabled(0);
        foreach (var (signal, buffer) in saved)
        {
            if (buffer is not null)
            {
                SignalAction(signal, buffer, IntPtr.Zero);
            }
        }
    }

    private static T Bind<T>(IntPtr library, string name)
        where T : Delegate => Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(library, name));

    [DllImport("libc", EntryPoint = "sigaction", SetLastError = true)]
    private static extern int SignalAction(int signal, IntPtr action, byte[] oldAction);

    [DllImport("libc", EntryPoint = "sigaction", SetLastError = true)]
    private static extern int SignalAction(int signal, byte[] action, IntPtr oldAction);
}
