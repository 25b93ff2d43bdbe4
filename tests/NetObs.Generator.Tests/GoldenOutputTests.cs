using NetObs.Generator.Cli;

namespace NetObs.Generator.Tests;

/// <summary>The default dashboards and provisioning output is committed under Golden/; set NETOBS_UPDATE_GOLDEN=1 to rewrite it after a reviewed change.</summary>
public sealed class GoldenOutputTests
{
    private static readonly string GoldenFolder = Path.Combine(RepositoryPaths.Root, "tests", "NetObs.Generator.Tests", "Golden");

    // Alert outputs have their own checks; these folders are the dashboards' part of the output.
    private static readonly string[] GoldenPrefixes = ["dashboards/", "azure-managed-grafana/", "provisioning/"];

    [Fact]
    public void Default_output_matches_the_golden_files()
    {
        var files = Generation.Defaults.Where(f => GoldenPrefixes.Any(p => f.Path.StartsWith(p, StringComparison.Ordinal))).ToList();
        if (Environment.GetEnvironmentVariable("NETOBS_UPDATE_GOLDEN") == "1")
        {
            if (Directory.Exists(GoldenFolder))
            {
                Directory.Delete(GoldenFolder, recursive: true);
            }

            foreach (var file in files)
            {
                var target = Path.Combine(GoldenFolder, file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, file.Content);
            }
        }

        var golden = Directory.EnumerateFiles(GoldenFolder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(GoldenFolder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(golden, files.Select(f => f.Path).ToList());
        foreach (var file in files)
        {
            var expected = File.ReadAllText(Path.Combine(GoldenFolder, file.Path));
            Assert.True(expected == file.Content, $"{file.Path} differs from Golden/{file.Path}; review the change and rerun with NETOBS_UPDATE_GOLDEN=1.");
        }
    }

    [Fact]
    public async Task Two_runs_write_byte_identical_files()
    {
        var first = Path.Combine(Path.GetTempPath(), "netobs-gen-" + Guid.NewGuid().ToString("N"));
        var second = Path.Combine(Path.GetTempPath(), "netobs-gen-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var folder in new[] { first, second })
            {
                var exit = await new GenerateCommand(TextWriter.Null, TextWriter.Null).RunAsync(["generate", "--out", folder], CancellationToken.None);
                Assert.Equal(0, exit);
            }

            var names = Directory.EnumerateFiles(first, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(first, f)).Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(names);
            Assert.Equal(names, Directory.EnumerateFiles(second, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(second, f)).Order(StringComparer.Ordinal));
            foreach (var name in names)
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(first, name)), File.ReadAllBytes(Path.Combine(second, name)));
            }
        }
        finally
        {
            foreach (var folder in new[] { first, second })
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }
    }

    [Fact]
    public void Output_uses_lf_line_ends_and_ends_with_a_newline()
    {
        Assert.All(Generation.Defaults, f =>
        {
            Assert.DoesNotContain('\r', f.Content);
            Assert.EndsWith("\n", f.Content, StringComparison.Ordinal);
        });
    }
}
