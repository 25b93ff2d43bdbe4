using System.Text.Json.Nodes;

namespace NetObs.Generator.Tests.Alerts;

/// <summary>
/// The generated Bicep file checked by Azure's own compiler: it type-checks the prometheusRuleGroups resources against
/// Azure's published schemas (a mismatch is a BCP036 warning, not an error, so warnings count as failures here), its
/// linter finds nothing, and what it builds is the ARM template the generator writes.
/// </summary>
public sealed class BicepCompilerTests
{
    [Fact]
    public async Task Bicep_build_compiles_the_rule_groups_without_diagnostics_into_the_generated_arm_template()
    {
        using var bicep = new BicepCompiler();
        var file = bicep.Write("rule-groups.bicep", AlertGeneration.Defaults.BicepFile);

        var (exitCode, output, diagnostics) = await bicep.RunAsync("build", file, "--stdout");

        Assert.True(exitCode == 0, $"bicep build failed:\n{diagnostics}");
        Assert.True(diagnostics.Trim().Length == 0, $"bicep build reports diagnostics:\n{diagnostics}");
        var built = JsonNode.Parse(output)!.AsObject();
        // The compiler stamps its own name, version and a hash of the template; the generator does not.
        Assert.Equal("bicep", built["metadata"]?["_generator"]?["name"]?.GetValue<string>());
        built.Remove("metadata");
        var generated = JsonNode.Parse(AlertGeneration.Defaults.ArmFile)!;
        Assert.True(JsonNode.DeepEquals(built, generated), "bicep build of the generated Bicep file differs from the generated ARM template.");
    }

    [Fact]
    public async Task Bicep_lint_finds_nothing_in_the_rule_groups()
    {
        using var bicep = new BicepCompiler();
        var file = bicep.Write("rule-groups.bicep", AlertGeneration.Defaults.BicepFile);

        var (exitCode, _, diagnostics) = await bicep.RunAsync("lint", file);

        Assert.True(exitCode == 0, $"bicep lint failed:\n{diagnostics}");
        Assert.True(diagnostics.Trim().Length == 0, $"bicep lint reports diagnostics:\n{diagnostics}");
    }

    [Fact]
    public async Task Bicep_reports_a_rule_property_of_the_wrong_type_so_the_clean_runs_above_mean_something()
    {
        using var bicep = new BicepCompiler();
        var generated = AlertGeneration.Defaults.BicepFile;
        Assert.Contains("for: 'PT10M'", generated, StringComparison.Ordinal);
        var file = bicep.Write("wrong-type.bicep", generated.Replace("for: 'PT10M'", "for: 10", StringComparison.Ordinal));

        var (_, _, buildDiagnostics) = await bicep.RunAsync("build", file, "--stdout");
        var (_, _, lintDiagnostics) = await bicep.RunAsync("lint", file);

        Assert.Contains("BCP036", buildDiagnostics, StringComparison.Ordinal);
        Assert.Contains("BCP036", lintDiagnostics, StringComparison.Ordinal);
    }
}
