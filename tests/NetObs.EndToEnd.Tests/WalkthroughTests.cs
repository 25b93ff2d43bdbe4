using NetObs.Demo.Walkthrough;
using Xunit.Abstractions;

namespace NetObs.EndToEnd.Tests;

/// <summary>The demo's walk through the five use cases works on the running stack, step by step.</summary>
[Collection(AllScenariosCollection.Name)]
public sealed class WalkthroughTests(AllScenariosStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task Demo_walkthrough_answers_every_use_case_without_errors()
    {
        using var printed = new StringWriter();
        var results = await new UseCaseWalkthrough(stack.Stack, printed).RunAsync(CancellationToken.None);
        output.WriteLine(printed.ToString());

        Assert.Equal([1, 2, 3, 4, 5], results.Select(r => r.UseCase).Distinct());
        var failed = results.Where(r => r.Error is not null).Select(r => $"{r.UseCase}. {r.Step}: {r.Error}").ToList();
        Assert.True(failed.Count == 0, "Steps that failed:\n" + string.Join("\n", failed));
        var emptyUseCases = results.GroupBy(r => r.UseCase).Where(g => g.All(r => r.Rows == 0)).Select(g => g.Key).ToList();
        Assert.True(emptyUseCases.Count == 0, $"use cases that showed nothing at all: {string.Join(", ", emptyUseCases)}");
    }
}
