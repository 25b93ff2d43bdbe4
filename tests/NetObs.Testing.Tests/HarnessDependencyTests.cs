namespace NetObs.Testing.Tests;

/// <summary>The demo references NetObs.Testing, so the harness must not bring a test framework with it.</summary>
public sealed class HarnessDependencyTests
{
    [Fact]
    public void Harness_assembly_references_no_test_framework()
    {
        var references = typeof(RepositoryPaths).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();

        Assert.Contains("Grpc.Net.Client", references);
        Assert.DoesNotContain(references, name => name.StartsWith("xunit", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Microsoft.VisualStudio.TestPlatform", StringComparison.Ordinal));
    }
}
