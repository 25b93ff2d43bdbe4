using System.Diagnostics;

namespace NetObs.Generator.Tests.Alerts;

/// <summary>An external command-line tool run in a scratch folder of its own, with its input files written there and both output streams captured.</summary>
internal sealed class ScratchFolderTool(string executable, string folderPrefix) : IDisposable
{
    public string Executable { get; } = executable;

    public string Folder { get; } = Directory.CreateTempSubdirectory(folderPrefix).FullName;

    /// <summary>Writes <paramref name="content"/> to <paramref name="name"/> in the scratch folder and returns its path.</summary>
    public string Write(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Runs the tool in the scratch folder; both streams are read while it runs, so neither pipe can fill up and stall it.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> arguments)
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
