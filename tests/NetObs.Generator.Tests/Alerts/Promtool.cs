namespace NetObs.Generator.Tests.Alerts;

/// <summary>Runs the real promtool (Debian's `prometheus` package; .ci/run installs it) in a scratch folder.</summary>
internal sealed class Promtool : IDisposable
{
    private readonly ScratchFolderTool _tool = new(
        Validation.PromtoolRunner.Find()?.Executable
            ?? throw new InvalidOperationException("promtool is not on PATH; install Debian's `prometheus` package (.ci/run does)."),
        "netobs-promtool-");

    public string Executable => _tool.Executable;

    public string Folder => _tool.Folder;

    /// <summary>Writes <paramref name="content"/> to <paramref name="name"/> in the scratch folder and returns its path.</summary>
    public string Write(string name, string content) => _tool.Write(name, content);

    /// <summary>Runs promtool; its findings go to either stream, so the output is both.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await _tool.RunAsync(arguments);
        return (exitCode, stdout + stderr);
    }

    /// <summary>`promtool check rules FILE`, asserting success and that it found <paramref name="minimumRules"/> or more rules.</summary>
    public async Task AssertRulesPassAsync(string name, string content, int minimumRules)
    {
        var (exitCode, output) = await RunAsync("check", "rules", Write(name, content));
        Assert.True(exitCode == 0, $"promtool check rules {name} failed:\n{output}");
        var found = System.Text.RegularExpressions.Regex.Match(output, "SUCCESS: ([0-9]+) rules found");
        Assert.True(found.Success && int.Parse(found.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= minimumRules, output);
    }

    public void Dispose() => _tool.Dispose();
}
