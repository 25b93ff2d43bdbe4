namespace NetObs.Testing.Processes;

/// <summary>Starts a .NET program of this repository through its apphost, or through `dotnet` when only the dll is there.</summary>
public static class DotnetProgram
{
    /// <summary>The launch of <paramref name="executable"/> (the apphost's path, without extension on Linux and macOS).</summary>
    public static ChildProcessSpec Spec(string name, string executable, IReadOnlyList<string> arguments, string? logFile)
    {
        ArgumentNullException.ThrowIfNull(executable);
        if (File.Exists(executable))
        {
            return new ChildProcessSpec(name, executable, arguments, logFile);
        }

        // Path.ChangeExtension would turn "NetObs.Simulator" into "NetObs.dll": only a ".exe" apphost has an extension.
        var dll = executable.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) ? Path.ChangeExtension(executable, ".dll") : executable + ".dll";
        if (File.Exists(dll))
        {
            return new ChildProcessSpec(name, "dotnet", [dll, .. arguments], logFile);
        }

        throw new FileNotFoundException(
            $"The {name} is not built: neither '{executable}' nor '{dll}' exists. Build it with `dotnet build -c Release` or run `dotnet cake --target=Demo`.");
    }

    /// <summary>A program that a test project references, so that its build output sits beside the tests.</summary>
    public static string BesideTests(string assemblyName) => Path.Combine(AppContext.BaseDirectory, assemblyName);
}
