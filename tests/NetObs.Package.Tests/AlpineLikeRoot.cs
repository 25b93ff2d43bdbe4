using System.Diagnostics;
using System.Runtime.Versioning;

namespace NetObs.Package.Tests;

/// <summary>
/// A directory tree that holds only what Grafana's default Alpine image offers a plugin on x86_64: the musl loader, and the
/// glibc-compat files its Dockerfile installs (usr/glibc-compat/lib/{ld-linux-x86-64.so.2, libc.so.6, libdl.so.2, libm.so.6,
/// libpthread.so.0, librt.so.1, libresolv.so.2} with a /lib64 link to the loader; src: grafana/grafana:Dockerfile). Processes
/// run in it through chroot (as root, or as a mapped root in a user namespace).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class AlpineLikeRoot : IDisposable
{
    // Grafana's glibc-compat loader is built with /usr/glibc-compat/lib as its library path; the host's Debian loader
    // copied here searches /lib/x86_64-linux-gnu instead, so processes in the root get the same path explicitly.
    private const string GlibcCompatLibraryPath = "/usr/glibc-compat/lib";

    private static readonly string[] GlibcCompatFiles =
        ["ld-linux-x86-64.so.2", "libc.so.6", "libdl.so.2", "libm.so.6", "libpthread.so.0", "librt.so.1", "libresolv.so.2"];

    // A container's /dev holds these; .NET reads /dev/urandom for Guid.NewGuid, which ASP.NET Core calls for every request.
    private static readonly string[] Devices = ["null", "zero", "random", "urandom"];

    private static readonly string[] HostGlibcFolders = ["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64"];

    public AlpineLikeRoot()
    {
        Path = Directory.CreateTempSubdirectory("netobs-alpine-root-").FullName;
        foreach (var folder in new[] { "lib", "lib64", "tmp", "usr/glibc-compat/lib", "usr/share/grafana/plugins", "etc" })
        {
            Directory.CreateDirectory(System.IO.Path.Combine(Path, folder));
        }

        // Alpine's own libc: Debian's musl package installs the same loader path (/lib/ld-musl-x86_64.so.1).
        CopyResolved("/lib/ld-musl-x86_64.so.1", "lib/ld-musl-x86_64.so.1");
        foreach (var file in GlibcCompatFiles)
        {
            var source = HostGlibcFolders.Select(f => System.IO.Path.Combine(f, file)).FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException($"glibc's {file} is not in {string.Join(", ", HostGlibcFolders)}; this test needs a glibc x86_64 host.");
            CopyResolved(source, $"usr/glibc-compat/lib/{file}");
        }

        File.CreateSymbolicLink(System.IO.Path.Combine(Path, "lib64", "ld-linux-x86-64.so.2"), "/usr/glibc-compat/lib/ld-linux-x86-64.so.2");
        File.WriteAllText(System.IO.Path.Combine(Path, "etc", "os-release"), "ID=alpine\nNAME=\"Alpine-like test root\"\n");
    }

    public string Path { get; }

    public void Install(string hostFile, string pathInRoot)
    {
        var target = System.IO.Path.Combine(Path, pathInRoot.TrimStart('/'));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        File.Copy(hostFile, target, overwrite: true);
        File.SetUnixFileMode(target, (UnixFileMode)0b111_101_101);
    }

    /// <summary>Every file in the root, relative to it.</summary>
    public IReadOnlyList<string> Files() =>
        Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories).Select(f => "/" + System.IO.Path.GetRelativePath(Path, f)).ToList();

    /// <summary>Starts the executable in the root with Grafana's plugin environment and waits for its first stdout line.</summary>
    public async Task<(string? Handshake, string Diagnostics)> RunUntilHandshakeAsync(string executableInRoot, TimeSpan timeout)
    {
        var asRoot = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";
        var info = new ProcessStartInfo(HostTool.Require(asRoot ? "chroot" : "unshare", "it comes with Debian's coreutils/util-linux"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (!asRoot)
        {
            foreach (var argument in new[] { "--user", "--map-root-user", "chroot" })
            {
                info.ArgumentList.Add(argument);
            }
        }

        info.ArgumentList.Add(Path);
        info.ArgumentList.Add(executableInRoot);
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/share/grafana/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        info.Environment["grafana_plugin_type"] = "datasource";
        info.Environment["PLUGIN_PROTOCOL_VERSIONS"] = "2";
        info.Environment["TMPDIR"] = "/tmp";
        info.Environment["LD_LIBRARY_PATH"] = GlibcCompatLibraryPath;

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        string? line = null;
        try
        {
            line = await process.StandardOutput.ReadLineAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            // Reported below as "no handshake".
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        var errors = await stderr;
        return (line, $"{info.FileName} exited with {process.ExitCode}; stderr: {(errors.Length > 2000 ? errors[..2000] : errors)}");
    }

    /// <summary>
    /// Installs the executable in the root and starts it there as Grafana would, through the shared plugin harness, with /dev's devices
    /// as a container has them. It keeps running, serving gRPC on the handshake's address, until the returned plugin is disposed.
    /// </summary>
    public Task<PluginProcess> StartPluginAsync(string executable, string logFile, CancellationToken cancellation)
    {
        // Inside the root the executable has the same path as on this machine: PluginProcess checks that the file exists
        // before it launches it, and chroot runs the path inside the root.
        Install(executable, executable);
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "dev"));
        foreach (var device in Devices)
        {
            File.WriteAllBytes(System.IO.Path.Combine(Path, "dev", device), []);
        }

        // The devices are bind-mounted in a mount namespace of the plugin's own, so they go away with it. Positional
        // parameters: $1 mount, $2 chroot, $3 the root, $4 the executable (PluginProcess appends it).
        var asRoot = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";
        var script =
            $"for device in {string.Join(' ', Devices)}; do \"$1\" --bind \"/dev/$device\" \"$3/dev/$device\" || exit 1; done; " +
            $"LD_LIBRARY_PATH={GlibcCompatLibraryPath} exec \"$2\" \"$3\" \"$4\"";
        string[] launcher =
        [
            HostTool.Require("unshare", "it comes with Debian's util-linux"),
            .. asRoot ? Array.Empty<string>() : ["--user", "--map-root-user"],
            "--mount",
            HostTool.Require("sh", "it comes with Debian's dash"),
            "-c",
            script,
            "sh",
            HostTool.Require("mount", "it comes with Debian's mount package"),
            HostTool.Require("chroot", "it comes with Debian's coreutils"),
            Path,
        ];
        return PluginProcess.StartAsync(new PluginLaunch(executable) { Launcher = launcher, LogFile = logFile }, cancellation);
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);

    private void CopyResolved(string source, string relativeTarget)
    {
        var resolved = new FileInfo(source).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? source;
        File.Copy(resolved, System.IO.Path.Combine(Path, relativeTarget), overwrite: true);
    }
}
