using System.Diagnostics;
using NetObs.Generator.Cli;

namespace NetObs.Generator.Tests;

/// <summary>Bad input ends in a sentence with a place and an exit code, never a stack trace (issue 12, item 8).</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("netobs-generator-bad-input-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("cluster:\n  label: [k8s_cluster\ntime:\n  from: now-1h\n", 3, 1, "the '[' opened at line 2, column 10 is not closed")]
    [InlineData("cluster: {label: k8s_cluster\ntime:\n  from: now-1h\n", 2, 1, "the '{' opened at line 1, column 10 is not closed")]
    public async Task Unclosed_bracket_followed_by_a_key_is_reported_at_its_line_and_column(string yaml, int line, int column, string expected)
    {
        var config = Write("unclosed.yaml", yaml);
        var errors = new StringWriter();

        var exit = await new GenerateCommand(TextWriter.Null, errors).RunAsync(["generate", "--validate", "--config", config], CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Contains($"{config}:{line}:{column}: this is not valid YAML: {expected}", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Out_naming_an_existing_file_says_it_is_a_file()
    {
        var file = Write("not-a-folder", "x");
        var errors = new StringWriter();

        var exit = await new GenerateCommand(TextWriter.Null, errors).RunAsync(["generate", "--out", file], CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains($"--out '{file}' is a file, not a folder", errors.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("part of the path", errors.ToString(), StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Fact]
    public async Task Out_below_a_file_names_the_file_in_the_way()
    {
        var file = Write("in-the-way", "x");
        var errors = new StringWriter();

        var exit = await new GenerateCommand(TextWriter.Null, errors).RunAsync(["generate", "--out", Path.Combine(file, "generated")], CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains($"because '{file}' is a file", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_where_the_generator_writes_a_folder_is_named_before_anything_is_written()
    {
        var output = Path.Combine(folder, "out");
        Directory.CreateDirectory(output);
        var blocker = Path.Combine(output, "dashboards");
        File.WriteAllText(blocker, "x");
        var errors = new StringWriter();

        var exit = await new GenerateCommand(TextWriter.Null, errors).RunAsync(["generate", "--out", output], CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains($"'{blocker}' is a file, but the generator writes a folder there", errors.ToString(), StringComparison.Ordinal);
        Assert.Equal([blocker], Directory.GetFileSystemEntries(output));
    }

    [Fact]
    public async Task The_real_executable_exits_1_without_a_stack_trace_on_a_yaml_the_parser_cannot_place()
    {
        var config = Write("unclosed.yaml", "cluster:\n  label: [k8s_cluster\ntime:\n  from: now-1h\n");
        var generator = Path.Combine(AppContext.BaseDirectory, "NetObs.Generator.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { generator, "generate", "--validate", "--config", config },
        };

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var printed = await stdout + await stderr;

        Assert.Equal(1, process.ExitCode);
        Assert.StartsWith($"error: {config}:3:1: this is not valid YAML", await stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", printed, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
