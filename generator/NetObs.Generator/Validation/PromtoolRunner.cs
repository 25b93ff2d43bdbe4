using System.Diagnostics;

namespace NetObs.Generator.Validation;

/// <summary>Runs the real Prometheus `promtool` (the PromQL parser of record; no hand-written parser).</summary>
public sealed class PromtoolRunner(string executable)
{
    public string Executable { get; } = executable;

    /// <summary>The promtool on PATH, or null when there is none.</summary>
    public static PromtoolRunner? Find()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, OperatingSystem.IsWindows() ? "promtool.exe" : "promtool");
            if (File.Exists(candidate))
            {
                return new PromtoolRunner(candidate);
            }
        }

        return null;
    }

    /// <summary>Runs <c>promtool check rules FILE</c>; returns the exit code and everything it printed.</summary>
    public async Task<(int ExitCode, string Output)> CheckRulesAsync(string ruleFile, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("check");
        start.ArgumentList.Add("rules");
        start.ArgumentList.Add(ruleFile);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    public override string ToString() => Executable;
}
