using System.Diagnostics;

namespace NetObs.Generator.Tests.Alerts;

/// <summary>Runs the real promtool (Debian's `prometheus` package; .ci/run installs it) in a scratch folder.</summary>
internal sealed class Promtool : IDisposable
{
    public Promtool()
    {
        Executable = Validation.PromtoolRunner.Find()?.Executable
            ?? throw new InvalidOperationException("promtool is not on PATH; install Debian's `prometheus` package (.ci/run does).");
        Folder = Directory.CreateTempSubdirectory("netobs-promtool-").FullName;
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

    public async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
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
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>`promtool check rules FILE`, asserting success and that it found <paramref name="minimumRules"/> or more rules.</summary>
    public async Task AssertRulesPassAsync(string name, string content, int minimumRules)
    {
        var (exitCode, output) = await RunAsync("check", "rules", Write(name, content));
        Assert.True(exitCode == 0, $"promtool check rules {name} failed:\n{output}");
        var found = System.Text.RegularExpressions.Regex.Match(output, "SUCCESS: ([0-9]+) rules found");
        Assert.True(found.Success && int.Parse(found.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= minimumRules, output);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
