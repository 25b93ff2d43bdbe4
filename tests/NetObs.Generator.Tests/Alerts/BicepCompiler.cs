using System.Reflection;

namespace NetObs.Generator.Tests.Alerts;

/// <summary>
/// Runs Azure's Bicep compiler from the Azure.Bicep.CommandLine.linux-x64 NuGet package (restored with this project,
/// its executable is tools/bicep inside the package folder) in a scratch folder.
/// </summary>
internal sealed class BicepCompiler : IDisposable
{
    private readonly ScratchFolderTool _tool = new(FindExecutable(), "netobs-bicep-");

    public string Executable => _tool.Executable;

    public string Folder => _tool.Folder;

    /// <summary>Writes <paramref name="content"/> to <paramref name="name"/> in the scratch folder and returns its path.</summary>
    public string Write(string name, string content) => _tool.Write(name, content);

    /// <summary>Runs bicep with <paramref name="arguments"/>; diagnostics (warnings and errors) go to standard error.</summary>
    public Task<(int ExitCode, string Output, string Diagnostics)> RunAsync(params string[] arguments) => _tool.RunAsync(arguments);

    public void Dispose() => _tool.Dispose();

    private static string FindExecutable()
    {
        var packageFolder = typeof(BicepCompiler).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepPackageFolder")?.Value;
        var executable = string.IsNullOrEmpty(packageFolder)
            ? throw new InvalidOperationException("The Azure.Bicep.CommandLine.linux-x64 package folder is unknown; run `dotnet restore tests/NetObs.Generator.Tests`.")
            : Path.Combine(packageFolder, "tools", "bicep");
        Assert.True(File.Exists(executable), $"The Bicep package has no tools/bicep; restore tests/NetObs.Generator.Tests again.");
        return executable;
    }
}
