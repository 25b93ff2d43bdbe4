// The one build of NetObs: restore, build, test, bench, package, demo.
// Run with `dotnet tool restore && dotnet cake --target=<Target>`; `Package` is the default.

using System.Xml.Linq;

///////////////////////////////////////////////////////////////////////////////
// Arguments and paths
///////////////////////////////////////////////////////////////////////////////

var target = Argument("target", "Package");
var configuration = Argument("configuration", "Release");
var testFilter = Argument("filter", "");
// Passed to the benchmarks, e.g. --bench-args="load --viewers 40 --duration 60" (see bench/NetObs.Benchmarks/BenchOptions.cs).
var benchArgs = Argument("bench-args", "");

var root = MakeAbsolute(Directory("."));
var solution = root.CombineWithFilePath("NetObs.slnx");
var artifacts = root.Combine("artifacts");
var testResults = artifacts.Combine("test-results");
var frontend = root.Combine("plugin-frontend");
var hasFrontend = FileExists(frontend.CombineWithFilePath("package.json"));
var dist = root.Combine("dist");
var publishRoot = artifacts.Combine("publish");

// The plugin id and executable prefix Grafana looks for (plugin.json: "executable": "gpx_netobs").
const string PluginId = "netobs-hubble-datasource";
const string ExecutablePrefix = "gpx_netobs";

// .NET runtime identifier → Grafana's Go-style suffix. The Linux executables are compiled with Native AOT
// (linux-arm64 cross-linked on an x64 machine, see CrossLinkProperties); macOS and Windows cannot be
// AOT-compiled on Linux, so they ship trimmed, compressed single files.
var platforms = new[]
{
    new PluginPlatform("linux-x64", "linux_amd64", NativeAot: true),
    new PluginPlatform("linux-arm64", "linux_arm64", NativeAot: true),
    new PluginPlatform("osx-arm64", "darwin_arm64", NativeAot: false),
    new PluginPlatform("osx-x64", "darwin_amd64", NativeAot: false),
    new PluginPlatform("win-x64", "windows_amd64", NativeAot: false),
};
var onlyPlatforms = Argument("platforms", "");
var demoArguments = Argument("demo-args", "");

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
    .Does(() => VerifyFormatting());

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
    .Description("The Format check, every .NET test project and the frontend's jest suite; prints `N passed, N failed`.")
    .IsDependentOn("Build")
    .IsDependentOn("Frontend")
    .Does(() =>
{
    CleanDirectory(testResults);
    var failures = new List<string>();

    // CI fails on unformatted code: the Format check counts as one check in the summary.
    var formatted = true;
    try
    {
        VerifyFormatting();
    }
    catch (Exception e)
    {
        formatted = false;
        failures.Add($"format: {e.Message} Run `dotnet format NetObs.slnx` and commit the result.");
    }

    // tests/NetObs.Package.Tests checks dist/ as Grafana's plugin validator would, so every platform is
    // packaged first (two Native AOT publishes and three single files), and so is netobs-history (self-contained, linux-x64
    // and linux-arm64). A failed publish is reported with the tests rather than ending the run; the package tests then fail
    // on what is missing.
    try
    {
        PublishPlugin();
        AssemblePackage();
        PublishHistory();
    }
    catch (Exception e)
    {
        failures.Add($"package: {e.Message}");
    }
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

    var (testsPassed, testsFailed, skipped) = CountTestResults(testResults);
    var passed = testsPassed + (formatted ? 1 : 0);
    var failed = testsFailed + (formatted ? 0 : 1);
    var summary = $"{passed} passed, {failed} failed" + (skipped > 0 ? $", {skipped} skipped" : "");
    System.IO.File.WriteAllText(testResults.CombineWithFilePath("summary.txt").FullPath, summary + "\n");
    Information(summary);
    if (failed > 0 || failures.Count > 0 || testsPassed == 0)
    {
        throw new Exception("Tests failed:\n  " + string.Join("\n  ", failures.DefaultIfEmpty($"{failed} failed, {passed} passed")));
    }
});

Task("Bench")
    .Description("Benchmarks (speed and memory targets); prints ratios measured in one run.")
    .IsDependentOn("Build")
    .Does(() =>
{
    Run("dotnet", $"run --no-build -c {configuration} --project bench/NetObs.Benchmarks -- {benchArgs}", root);
});

Task("Publish")
    .Description("Publishes gpx_netobs for every platform into artifacts/publish/<rid>/.")
    .IsDependentOn("Build")
    .Does(() => PublishPlugin());

Task("Generate")
    .Description("Renders the dashboards, provisioning files and alert rules with the default configuration into dist/generated/ (PromQL checked by promtool when on PATH).")
    .IsDependentOn("Build")
    .Does(() =>
{
    Run("dotnet", $"run --no-build -c {configuration} --project generator/NetObs.Generator -- generate --validate --out \"{dist.Combine("generated").FullPath}\"", root);
});

Task("Package")
    .Description("Assembles dist/netobs-hubble-datasource/ and its zip (frontend, plugin.json, executables, docs), netobs-history self-contained for linux-x64 and linux-arm64 (dist/netobs-history/<rid>/), and what docker-compose.yaml mounts.")
    .IsDependentOn("Generate")
    .IsDependentOn("Publish")
    .IsDependentOn("Frontend")
    .Does(() =>
{
    AssemblePackage();
    PublishHistory();
    PrepareCompose();
});

Task("Demo")
    .Description("README's first command: builds what the demo runs, for this machine only (framework-dependent: no Native AOT, no frontend, no five-platform package), then runs it (Ctrl+C stops everything). Pass demo options with --demo-args=\"--once\".")
    .Does(() =>
{
    // NetObs.Demo references the simulator, the generator, the history server and the plugin, so one build compiles everything it launches
    // (issue 16, item 10: the first walkthrough step within minutes of a fresh clone). `dotnet cake --target=Package`
    // still makes the Grafana package; the demo's closing instructions say so when dist/ has none.
    var demoProject = root.CombineWithFilePath("demo/NetObs.Demo/NetObs.Demo.csproj");
    RunWithProgress("Building the demo, simulator, generator, history server and plugin", "dotnet",
        $"build \"{demoProject.FullPath}\" -c {configuration} -warnaserror -nologo -clp:NoSummary", root);
    var demo = root.CombineWithFilePath($"demo/NetObs.Demo/bin/{configuration}/net10.0/NetObs.Demo.dll");
    var plugin = root.CombineWithFilePath($"plugin-backend/NetObs.Plugin/bin/{configuration}/net10.0/{ExecutablePrefix}{(IsRunningOnWindows() ? ".exe" : "")}");
    var pluginArgument = demoArguments.Contains("--plugin") ? "" : $"--plugin \"{plugin.FullPath}\" ";
    Run("dotnet", $"\"{demo.FullPath}\" --configuration {configuration} {pluginArgument}{demoArguments}", root);
});

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

// `dotnet format --verify-no-changes` exits non-zero when whitespace, style or analyzer fixes would change a file.
void VerifyFormatting()
{
    Run("dotnet", $"format \"{solution.FullPath}\" --verify-no-changes --no-restore", root);
}

// Runs a long step and prints a line every 15 s while it is silent, so no phase looks hung.
void RunWithProgress(string label, string tool, string arguments, DirectoryPath workingDirectory)
{
    Information($"{label} ...");
    var watch = System.Diagnostics.Stopwatch.StartNew();
    // System.Diagnostics.Process, not Cake's StartAndReturnProcess: Cake's WaitForExit(timeout) kills the process when the timeout passes.
    using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(tool, arguments)
    {
        WorkingDirectory = workingDirectory.FullPath,
        UseShellExecute = false,
    })!;
    while (!process.WaitForExit(15_000))
    {
        Information($"  ... {label.ToLowerInvariant()}: {watch.Elapsed.TotalSeconds:0} s so far");
    }
    var exitCode = process.ExitCode;
    if (exitCode != 0)
    {
        throw new Exception($"`{tool} {arguments}` exited with {exitCode} (in {workingDirectory}).");
    }
    Information($"{label}: done in {watch.Elapsed.TotalSeconds:0} s");
}

void Npm(string arguments)
{
    Run(IsRunningOnWindows() ? "npm.cmd" : "npm", arguments, frontend);
}

IEnumerable<PluginPlatform> SelectedPlatforms() =>
    string.IsNullOrEmpty(onlyPlatforms)
        ? platforms
        : platforms.Where(p => onlyPlatforms.Split(',').Contains(p.RuntimeIdentifier));

// Publishes the plugin executable per selected platform (Native AOT where the machine can, trimmed single files elsewhere).
void PublishPlugin()
{
    foreach (var platform in SelectedPlatforms())
    {
        var output = publishRoot.Combine(platform.RuntimeIdentifier);
        CleanDirectory(output);
        var msbuild = new DotNetMSBuildSettings()
            .WithProperty("DebugType", "none")
            .WithProperty("GenerateDocumentationFile", "false");
        if (platform.NativeAot)
        {
            msbuild = msbuild.WithProperty("PublishAot", "true").WithProperty("StripSymbols", "true");
            foreach (var (name, value) in CrossLinkProperties(platform))
            {
                msbuild = msbuild.WithProperty(name, value);
            }
        }
        else
        {
            msbuild = msbuild
                .WithProperty("PublishSingleFile", "true")
                .WithProperty("PublishTrimmed", "true")
                .WithProperty("EnableCompressionInSingleFile", "true");
        }
        DotNetPublish("plugin-backend/NetObs.Plugin/NetObs.Plugin.csproj", new DotNetPublishSettings
        {
            Configuration = configuration,
            Runtime = platform.RuntimeIdentifier,
            SelfContained = true,
            OutputDirectory = output,
            MSBuildSettings = msbuild,
        });
    }
}

// The ILCompiler targets link a foreign architecture with clang, passing --target=aarch64-linux-gnu; clang then
// finds Debian's cross C runtime and libgcc (libc6-dev-arm64-cross, libgcc-*-dev-arm64-cross) and its bfd linker
// (binutils-aarch64-linux-gnu) without a sysroot. Symbol stripping needs an objcopy that reads arm64 ELF: the
// cross binutils' one, so llvm is not needed. gcc is not an alternative: it rejects --target.
IEnumerable<(string Name, string Value)> CrossLinkProperties(PluginPlatform platform)
{
    var host = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture;
    if (platform.RuntimeIdentifier != "linux-arm64" || !IsRunningOnLinux() || host != System.Runtime.InteropServices.Architecture.X64)
    {
        return Array.Empty<(string, string)>();
    }
    foreach (var tool in new[] { "clang", "aarch64-linux-gnu-ld", "aarch64-linux-gnu-objcopy" })
    {
        if (!(System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => System.IO.File.Exists(System.IO.Path.Combine(dir, tool))))
        {
            throw new Exception(
                $"linux-arm64 Native AOT: `{tool}` is not on PATH. Install the cross toolchain (.ci/run does): "
                + "apt-get install clang binutils-aarch64-linux-gnu libc6-dev-arm64-cross libgcc-12-dev-arm64-cross; or leave linux-arm64 out with --platforms=.");
        }
    }
    return new[] { ("CppCompilerAndLinker", "clang"), ("ObjCopyName", "aarch64-linux-gnu-objcopy") };
}

// Copies the frontend build, the docs and the renamed executables into dist/<id>/, then zips it with 0755 executables.
void AssemblePackage()
{
    var pluginFolder = dist.Combine(PluginId);
    EnsureDirectoryExists(dist);
    CleanDirectory(pluginFolder);
    var frontendDist = frontend.Combine("dist");
    if (DirectoryExists(frontendDist))
    {
        CopyDirectory(frontendDist, pluginFolder);
    }
    foreach (var doc in new[] { "LICENSE", "CHANGELOG.md" })
    {
        if (FileExists(root.CombineWithFilePath(doc)) && !FileExists(pluginFolder.CombineWithFilePath(doc)))
        {
            CopyFile(root.CombineWithFilePath(doc), pluginFolder.CombineWithFilePath(doc));
        }
    }

    foreach (var platform in SelectedPlatforms())
    {
        var published = publishRoot.Combine(platform.RuntimeIdentifier)
            .CombineWithFilePath(platform.IsWindows ? ExecutablePrefix + ".exe" : ExecutablePrefix);
        var executable = pluginFolder.CombineWithFilePath(platform.ExecutableName(ExecutablePrefix));
        CopyFile(published, executable);
        if (!IsRunningOnWindows())
        {
            System.IO.File.SetUnixFileMode(executable.FullPath, (UnixFileMode)0b111_101_101);
        }
        Information($"{executable.GetFilename()}: {new System.IO.FileInfo(executable.FullPath).Length / 1024.0 / 1024.0:F1} MiB");
    }

    var version = PluginVersion();
    var zip = dist.CombineWithFilePath($"{PluginId}-{version}.zip");
    ZipWithUnixModes(pluginFolder, zip);
    var hash = CalculateFileHash(zip, HashAlgorithm.SHA256).ToHex();
    System.IO.File.WriteAllText(zip.FullPath + ".sha256", $"{hash}  {zip.GetFilename()}\n");
    Information($"{zip.GetFilename()}: {new System.IO.FileInfo(zip.FullPath).Length / 1024.0 / 1024.0:F1} MiB, sha256 {hash}");
}

// The history server for the machines it runs on next to hubble-relay (docs/install.md, deploy/kubernetes/): one
// self-contained folder per Linux architecture, so a plain runtime-deps image or host runs it without a .NET install.
// It is not a Grafana plugin and not Native AOT (ASP.NET Core gRPC and DuckDB's native library), and follows the
// plugin's --platforms selection for its two Linux platforms.
void PublishHistory()
{
    var history = dist.Combine("netobs-history");
    CleanDirectory(history);
    foreach (var platform in SelectedPlatforms().Where(p => p.RuntimeIdentifier.StartsWith("linux-", StringComparison.Ordinal)))
    {
        var output = history.Combine(platform.RuntimeIdentifier);
        DotNetPublish("history/NetObs.History/NetObs.History.csproj", new DotNetPublishSettings
        {
            Configuration = configuration,
            Runtime = platform.RuntimeIdentifier,
            SelfContained = true,
            OutputDirectory = output,
        });
        Information($"netobs-history {platform.RuntimeIdentifier}: {output}");
    }
}

// docker-compose.yaml mounts dist/compose/ (generated files pointing at the in-pod simulator and Prometheus),
// dist/simulator/ and dist/history/ (the simulator and the history server, framework-dependent, run by the ASP.NET
// runtime image on either architecture).
void PrepareCompose()
{
    var compose = dist.Combine("compose");
    CleanDirectory(compose);
    Run("dotnet", $"run --no-build -c {configuration} --project generator/NetObs.Generator -- generate --config compose/generator-config.yaml --out \"{compose.FullPath}\"", root);
    var simulator = dist.Combine("simulator");
    CleanDirectory(simulator);
    DotNetPublish("simulator/NetObs.Simulator/NetObs.Simulator.csproj", new DotNetPublishSettings
    {
        Configuration = configuration,
        SelfContained = false,
        OutputDirectory = simulator,
        MSBuildSettings = new DotNetMSBuildSettings().WithProperty("UseAppHost", "false"),
    });
    var history = dist.Combine("history");
    CleanDirectory(history);
    DotNetPublish("history/NetObs.History/NetObs.History.csproj", new DotNetPublishSettings
    {
        Configuration = configuration,
        SelfContained = false,
        OutputDirectory = history,
        MSBuildSettings = new DotNetMSBuildSettings().WithProperty("UseAppHost", "false"),
    });
}

// The version users see is plugin-frontend/package.json's; everything else must agree with it.
string PluginVersion()
{
    var packageJson = frontend.CombineWithFilePath("package.json");
    if (!FileExists(packageJson))
    {
        return "0.0.0-dev";
    }
    using var document = System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(packageJson.FullPath));
    return document.RootElement.GetProperty("version").GetString() ?? "0.0.0-dev";
}

// Cake's Zip alias drops Unix modes; Grafana needs the executables at 0755 inside the archive,
// so entries are written with explicit external attributes (also right when zipped on Windows).
void ZipWithUnixModes(DirectoryPath folder, FilePath zip)
{
    if (FileExists(zip))
    {
        DeleteFile(zip);
    }
    var rootName = folder.GetDirectoryName();
    using var archive = System.IO.Compression.ZipFile.Open(zip.FullPath, System.IO.Compression.ZipArchiveMode.Create);
    foreach (var file in System.IO.Directory.EnumerateFiles(folder.FullPath, "*", System.IO.SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
    {
        var relative = System.IO.Path.GetRelativePath(folder.FullPath, file).Replace('\\', '/');
        var entry = System.IO.Compression.ZipFileExtensions.CreateEntryFromFile(archive, file, $"{rootName}/{relative}", System.IO.Compression.CompressionLevel.Optimal);
        var mode = System.IO.Path.GetFileName(file).StartsWith(ExecutablePrefix + "_", StringComparison.Ordinal) ? 0b111_101_101 : 0b110_100_100;
        entry.ExternalAttributes = (0x8000 | mode) << 16; // S_IFREG | permission bits
    }
}

record PluginPlatform(string RuntimeIdentifier, string GrafanaSuffix, bool NativeAot)
{
    public bool IsWindows => RuntimeIdentifier.StartsWith("win", StringComparison.Ordinal);
    public string ExecutableName(string prefix) => $"{prefix}_{GrafanaSuffix}{(IsWindows ? ".exe" : "")}";
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
