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
    private static readonly string[] GlibcCompatFiles =
        ["ld-linux-x86-64.so.2", "libc.so.6", "libdl.so.2", "libm.so.6", "libpthread.so.0", "librt.so.1", "libresolv.so.2"];

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
        // Grafana's glibc-compat loader is built with /usr/glibc-compat/lib as its library path; the host's Debian
        // loader copied here searches /lib/x86_64-linux-gnu instead, so the same path is given explicitly.
        info.Environment["LD_LIBRARY_PATH"] = "/usr/glibc-compat/lib";

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

    public void Dispose() => Directory.Delete(Path, recursive: true);

    private void CopyResolved(string source, string relativeTarget)
    {
        var resolved = new FileInfo(source).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? source;
        File.Copy(resolved, System.IO.Path.Combine(Path, relativeTarget), overwrite: true);
    }
}
