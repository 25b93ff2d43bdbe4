using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace NetObs.Package.Tests;

/// <summary>
/// netobs-history as `dotnet cake --target=Package` publishes it for the machines next to hubble-relay:
/// dist/netobs-history/&lt;rid&gt;/, self-contained (no .NET install on the node or in a runtime-deps image), with
/// DuckDB's native library for the same architecture.
/// </summary>
public sealed class HistoryPackageTests
{
    private static readonly byte[] ElfMagic = [0x7F, (byte)'E', (byte)'L', (byte)'F'];

    // ELF e_machine values (System V ABI): EM_X86_64 and EM_AARCH64.
    public static TheoryData<string, ushort> Platforms => new() { { "linux-x64", 0x3E }, { "linux-arm64", 0xB7 } };

    [Theory]
    [MemberData(nameof(Platforms))]
    public void History_server_is_published_self_contained_with_duckdb_for_its_architecture(string rid, ushort machine)
    {
        var folder = Folder(rid);
        var runtimeConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "netobs-history.runtimeconfig.json"))).RootElement.GetProperty("runtimeOptions");

        Assert.Equal(machine, ElfMachine(Path.Combine(folder, "netobs-history")));
        // A self-contained app lists the frameworks it carries as includedFrameworks; a framework-dependent one needs `frameworks`.
        Assert.True(runtimeConfig.TryGetProperty("includedFrameworks", out _), $"{rid}: netobs-history.runtimeconfig.json names no included frameworks, so it is not self-contained");
        Assert.Equal(machine, ElfMachine(Path.Combine(folder, "libcoreclr.so")));
        Assert.Equal(machine, ElfMachine(Path.Combine(folder, "libduckdb.so")));
    }

    [Fact]
    public async Task Linux_x64_history_server_runs_without_a_dotnet_install_and_prints_its_usage()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            Assert.Fail("this check runs the linux-x64 build; run it on an x64 Linux machine, as the Test target does.");
        }

        var start = new ProcessStartInfo(Path.Combine(Folder("linux-x64"), "netobs-history"), "--help") { RedirectStandardOutput = true, RedirectStandardError = true };
        // No DOTNET_ROOT and no dotnet on PATH: the apphost must find the runtime beside itself.
        start.Environment.Remove("DOTNET_ROOT");
        start.Environment["PATH"] = "/usr/bin:/bin";
        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(process.ExitCode == 0, $"netobs-history --help exited with {process.ExitCode}: {stderr}");
        Assert.Contains("Usage: netobs-history --relay", stdout, StringComparison.Ordinal);
    }

    private static string Folder(string rid)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "dist", "netobs-history", rid);
        return Directory.Exists(folder)
            ? folder
            : throw new InvalidOperationException(
                $"{folder} does not exist. `dotnet cake --target=Test` packages before it tests; run `dotnet cake --target=Package` when running these tests alone.");
    }

    private static ushort ElfMachine(string path)
    {
        Span<byte> header = stackalloc byte[20];
        using (var file = File.OpenRead(path))
        {
            file.ReadExactly(header);
        }

        Assert.True(header[..4].SequenceEqual(ElfMagic), $"{path} is not an ELF file");
        return BinaryPrimitives.ReadUInt16LittleEndian(header[18..]);
    }
}
