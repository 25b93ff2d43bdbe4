using System.Diagnostics;
using System.Reflection;

namespace NetObs.Generator.Tests.Alerts;

/// <summary>
/// Runs Azure's Bicep compiler from the Azure.Bicep.CommandLine.linux-x64 NuGet package (restored with this project,
/// its executable is tools/bicep inside the package folder) in a scratch folder.
/// </summary>
internal sealed class BicepCompiler : IDisposable
{
    public BicepCompiler()
    {
        var packageFolder = typeof(BicepCompiler).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepPackageFolder")?.Value;
        Executable = string.IsNullOrEmpty(packageFolder)
            ? throw new InvalidOperationException("The Azure.Bicep.CommandLine.linux-x64 package folder is unknown; run `dotnet restore tests/NetObs.Generator.Tests`.")
            : Path.Combine(packageFolder, "tools", "bicep");
        Assert.True(File.Exists(Executable), $"The Bicep package has no tools/bicep; restore tests/NetObs.Generator.Tests again.");
        Folder = Directory.CreateTempSubdirectory("netobs-bicep-").FullName;
    }

    public string Executable { get; }

    public string Folder { get; }

    /// <summary>Writes <paramref name="content"/> to <paramref name="name"/> in the scratch folder and returns its path.</summary>
    public string Write(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Runs bicep with <paramref name="arguments"/>; diagnostics (warnings and errors) go to standard error.</summary>
    public async Task<(int ExitCode, string Output, string Diagnostics)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
