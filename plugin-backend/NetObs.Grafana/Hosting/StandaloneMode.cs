using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace NetObs.Grafana.Hosting;

/// <summary>
/// The Go SDK's standalone debugging mode (grafana-plugin-sdk-go internal/standalone/standalone.go): a server started
/// by hand with <c>-standalone</c> writes <c>standalone.txt</c> (its address) and <c>pid.txt</c> into the plugin folder,
/// and the copy Grafana launches only points Grafana at that address.
/// </summary>
internal static class StandaloneMode
{
    public const string AddressFile = "standalone.txt";
    public const string PidFile = "pid.txt";

    public static bool IsRequested(IEnumerable<string> args) =>
        args.Any(a => a is "-standalone" or "--standalone" or "-standalone=true" or "--standalone=true");

    /// <summary>The folder holding the plugin.json of <paramref name="pluginId"/>, searched as the Go SDK does.</summary>
    public static string FindPluginFolder(string workingDirectory, string pluginId)
    {
        var root = new DirectoryInfo(workingDirectory);
        if (root.Name == "pkg" && root.Parent is not null)
        {
            root = root.Parent;
        }

        var candidates = new[] { Path.Combine(root.FullName, "dist"), root.FullName }
            .Concat(EnumeratePluginJsonFolders(root.FullName));
        foreach (var folder in candidates)
        {
            if (PluginIdIn(Path.Combine(folder, "plugin.json")) == pluginId)
            {
                return folder;
            }
        }

        throw new InvalidOperationException(
            $"Standalone mode: no plugin.json with \"id\": \"{pluginId}\" in {root.FullName}, its dist/ or below; run the plugin with -standalone from the plugin's folder.");
    }

    /// <summary>The endpoint a standalone server listens on: the address variable's port if set, else any free port.</summary>
    public static IPEndPoint ServerEndpoint(PluginHostOptions options)
    {
        var configured = Environment.GetEnvironmentVariable(options.StandaloneAddressVariable);
        if (string.IsNullOrWhiteSpace(configured))
        {
            return new IPEndPoint(IPAddress.Loopback, 0);
        }

        var port = configured[(configured.LastIndexOf(':') + 1)..];
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            throw new InvalidOperationException(
                $"{options.StandaloneAddressVariable}='{configured}' has no valid port; set it to host:port, e.g. 127.0.0.1:50051.");
        }

        return new IPEndPoint(IPAddress.Loopback, number);
    }

    /// <summary>
    /// When Grafana launches the plugin while a standalone server runs, the address to hand to Grafana instead of
    /// serving: from the address variable, or from <c>standalone.txt</c> beside the executable if its <c>pid.txt</c>
    /// process (when present) is alive.
    /// </summary>
    public static string? FindServerAddress(PluginHostOptions options)
    {
        if (Environment.GetEnvironmentVariable(options.StandaloneAddressVariable) is { Length: > 0 } fromEnvironment)
        {
            return Normalize(fromEnvironment);
        }

        var folder = Path.GetDirectoryName(Environment.ProcessPath) ?? AppContext.BaseDirectory;
        var addressFile = Path.Combine(folder, AddressFile);
        if (!File.Exists(addressFile) || File.ReadAllText(addressFile).Trim() is not { Length: > 0 } address)
        {
            return null;
        }

        var pidFile = Path.Combine(folder, PidFile);
        if (File.Exists(pidFile)
            && (!int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out var pid) || !IsAlive(pid)))
        {
            return null;
        }

        return Normalize(address);
    }

    public static void WriteFiles(string pluginFolder, string address)
    {
        // The pid first and each file by rename: whoever sees standalone.txt (Grafana's copy, a script) can read a
        // complete pid.txt beside it, never an empty file caught mid-write.
        WriteWhole(Path.Combine(pluginFolder, PidFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        WriteWhole(Path.Combine(pluginFolder, AddressFile), address);
    }

    private static void WriteWhole(string path, string text)
    {
        var partial = path + ".partial";
        File.WriteAllText(partial, text);
        File.Move(partial, path, overwrite: true);
    }

    public static void DeleteFiles(string pluginFolder)
    {
        File.Delete(Path.Combine(pluginFolder, AddressFile));
        File.Delete(Path.Combine(pluginFolder, PidFile));
    }

    private static string Normalize(string address) =>
        address.StartsWith(':') ? "127.0.0.1" + address : address;

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static IEnumerable<string> EnumeratePluginJsonFolders(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 3, IgnoreInaccessible = true };
        return Directory.EnumerateFiles(root, "plugin.json", options)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => Path.GetDirectoryName(p)!);
    }

    private static string? PluginIdIn(string pluginJson)
    {
        if (!File.Exists(pluginJson))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(pluginJson));
            return document.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
