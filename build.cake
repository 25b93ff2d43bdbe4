// The one build of NetObs: restore, build, test, bench, package, demo.
// Run with `dotnet tool restore && dotnet cake --target=<Target>`; `Package` is the default.

using System.Xml.Linq;

///////////////////////////////////////////////////////////////////////////////
// Arguments and paths
///////////////////////////////////////////////////////////////////////////////

var target = Argument("target", "Package");
var configuration = Argument("configuration", "Release");
var testFilter = Argument("filter", "");

var root = MakeAbsolute(Directory("."));
var solution = root.CombineWithFilePath("NetObs.slnx");
var artifacts = root.Combine("artifacts");
var testResults = artifacts.Combine("test-results");
var frontend = root.Combine("plugin-frontend");
var hasFrontend = FileExists(frontend.CombineWithFilePath("package.json"));

///////////////////////////////////////////////////////////////////////////////
// Tasks
///////////////////////////////////////////////////////////////////////////////

Task("Clean")
    .Does(() =>
{
    CleanDirectory(artifacts);
});

Task("Restore")
    .Does(() =>
{
    DotNetRestore(solution.FullPath);
    if (hasFrontend && !DirectoryExists(frontend.Combine("node_modules")))
    {
        Npm("ci");
    }
});

Task("Format")
    .Description("Fails when `dotnet format` would change anything.")
    .IsDependentOn("Restore")
    .Does(() =>
{
    Run("dotnet", $"format \"{solution.FullPath}\" --verify-no-changes --no-restore", root);
});

Task("Build")
    .IsDependentOn("Restore")
    .Does(() =>
{
    DotNetBuild(solution.FullPath, new DotNetBuildSettings
    {
        Configuration = configuration,
        NoRestore = true,
        MSBuildSettings = new DotNetMSBuildSettings().TreatAllWarningsAs(MSBuildTreatAllWarningsAs.Error),
    });
});

Task("Frontend")
    .Description("Typecheck, lint and build the plugin frontend (create-plugin scripts).")
    .WithCriteria(() => hasFrontend)
    .IsDependentOn("Restore")
    .Does(() =>
{
    Npm("run typecheck");
    Npm("run lint");
    Npm("run build");
});

Task("Test")
    .Description("Every .NET test project and the frontend's jest suite; prints `N passed, N failed`.")
    .IsDependentOn("Build")
    .IsDependentOn("Frontend")
    .Does(() =>
{
    CleanDirectory(testResults);
    var failures = new List<string>();
    foreach (var project in GetFiles("./tests/**/*.Tests.csproj").OrderBy(p => p.FullPath))
    {
        var name = project.GetFilenameWithoutExtension().ToString();
        try
        {
            DotNetTest(project.FullPath, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                NoRestore = true,
                Filter = string.IsNullOrEmpty(testFilter) ? null : testFilter,
                ResultsDirectory = testResults,
                Loggers = new[] { $"trx;LogFileName={name}.trx", "console;verbosity=normal" },
            });
        }
        catch (Exception e)
        {
            failures.Add($"{name}: {e.Message}");
        }
    }

    if (hasFrontend)
    {
        var jestReport = testResults.CombineWithFilePath("jest.json");
        try
        {
            Npm($"run test:ci -- --json --outputFile=\"{jestReport.FullPath}\"");
        }
        catch (Exception e)
        {
            failures.Add($"plugin-frontend: {e.Message}");
        }
    }

    var (passed, failed, skipped) = CountTestResults(testResults);
    var summary = $"{passed} passed, {failed} failed" + (skipped > 0 ? $", {skipped} skipped" : "");
    System.IO.File.WriteAllText(testResults.CombineWithFilePath("summary.txt").FullPath, summary + "\n");
    Information(summary);
    if (failed > 0 || failures.Count > 0 || passed == 0)
    {
        throw new Exception("Tests failed:\n  " + string.Join("\n  ", failures.DefaultIfEmpty($"{failed} failed, {passed} passed")));
    }
});

Task("Bench")
    .Description("Benchmarks (speed and memory targets); prints ratios measured in one run.")
    .IsDependentOn("Build")
    .Does(() =>
{
    Run("dotnet", $"run --no-build -c {configuration} --project bench/NetObs.Benchmarks", root);
});

Task("Package")
    .Description("Assembles dist/ (plugin folder and zip, generated dashboards and alerts).")
    .IsDependentOn("Build")
    .IsDependentOn("Frontend");

Task("Default").IsDependentOn("Package");

RunTarget(target);

///////////////////////////////////////////////////////////////////////////////
// Helpers
///////////////////////////////////////////////////////////////////////////////

void Run(string tool, string arguments, DirectoryPath workingDirectory)
{
    var exitCode = StartProcess(tool, new ProcessSettings { Arguments = arguments, WorkingDirectory = workingDirectory });
    if (exitCode != 0)
    {
        throw new Exception($"`{tool} {arguments}` exited with {exitCode} (in {workingDirectory}).");
    }
}

void Npm(string arguments)
{
    Run(IsRunningOnWindows() ? "npm.cmd" : "npm", arguments, frontend);
}

// Totals over the TRX files of every .NET test project and jest's JSON report.
(int Passed, int Failed, int Skipped) CountTestResults(DirectoryPath folder)
{
    int passed = 0, failed = 0, skipped = 0;
    foreach (var trx in GetFiles(folder.FullPath + "/*.trx"))
    {
        var counters = XDocument.Load(trx.FullPath).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
        if (counters is null)
        {
            continue;
        }
        int Count(string attribute) => int.Parse(counters.Attribute(attribute)?.Value ?? "0");
        passed += Count("passed");
        failed += Count("failed") + Count("error") + Count("timeout") + Count("aborted");
        skipped += Count("notExecuted");
    }

    var jest = folder.CombineWithFilePath("jest.json");
    if (FileExists(jest))
    {
        using var report = System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(jest.FullPath));
        passed += report.RootElement.GetProperty("numPassedTests").GetInt32();
        failed += report.RootElement.GetProperty("numFailedTests").GetInt32();
        skipped += report.RootElement.GetProperty("numPendingTests").GetInt32();
    }

    return (passed, failed, skipped);
}
