using Cilium.Flow;
using NetObs.History.Sql;
using NetObs.History.Storage;
using NetObs.Hubble.Evaluation;

namespace NetObs.History.Tests.Storage;

/// <summary>Reads through SQL (plus the in-process fallback) select exactly the flows FlowFilterEvaluator selects.</summary>
public sealed class FilterDifferentialTests
{
    private const int FilterCount = 2000;

    [Fact]
    public async Task Store_reads_equal_the_evaluator_for_thousands_of_random_filters()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        var flows = ScenarioFlows.All;
        await temp.Store.AppendAsync(flows, CancellationToken.None);
        var generator = new RandomFilters(flows, seed: 20261206);
        var translator = new FlowFilterSqlTranslator(DuckDbDialect.Instance);
        var exactCount = 0;
        var nonEmpty = 0;

        for (var i = 0; i < FilterCount; i++)
        {
            var (allow, deny) = generator.NextLists();
            var evaluator = FlowFilterEvaluator.Compile(allow, deny);
            var expected = flows.Where(f => evaluator.Matches(f.Flow)).Select(f => f.TimeNs).Order().ToList();
            var request = new FlowReadRequest { Allow = allow, Deny = deny };

            var actual = (await DuckDbFlowStoreTests.ReadAllAsync(temp.Store, request)).Select(f => f.TimeNs).ToList();

            Assert.True(expected.SequenceEqual(actual),
                $"filter {i}: expected {expected.Count} flows, store returned {actual.Count}; allow {string.Join(" | ", allow)} deny {string.Join(" | ", deny)}; SQL {translator.Translate(request).Sql}");
            exactCount += translator.Translate(request).Exact ? 1 : 0;
            nonEmpty += expected.Count > 0 ? 1 : 0;
        }

        // The corpus must exercise both paths and select something most of the time, or the comparison proves little.
        Assert.InRange(exactCount, FilterCount / 5, FilterCount - (FilterCount / 10));
        Assert.True(nonEmpty > FilterCount / 3, $"only {nonEmpty} of {FilterCount} filters selected any flow");
    }

    [Fact]
    public async Task Limits_apply_to_matching_flows_on_both_paths()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        var flows = ScenarioFlows.All;
        await temp.Store.AppendAsync(flows, CancellationToken.None);

        // Verdict translates exactly; a CIDR is matched in process.
        foreach (var filter in new[] { new FlowFilter { Verdict = { Verdict.Forwarded } }, new FlowFilter { DestinationIp = { "10.0.0.0/8" } } })
        {
            var evaluator = FlowFilterEvaluator.Compile([filter], []);
            var expected = flows.Where(f => evaluator.Matches(f.Flow)).Select(f => f.TimeNs).OrderDescending().Take(40).ToList();
            var request = new FlowReadRequest { Allow = [filter], Limit = 40, Order = FlowReadOrder.NewestFirst };

            var actual = (await DuckDbFlowStoreTests.ReadAllAsync(temp.Store, request)).Select(f => f.TimeNs).ToList();

            Assert.Equal(40, expected.Count);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public async Task Invalid_filters_are_rejected_as_Hubble_rejects_them()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        var request = new FlowReadRequest { Allow = [new FlowFilter { SourcePort = { "70000" } }] };

        var error = await Assert.ThrowsAsync<InvalidFlowFilterException>(() => DuckDbFlowStoreTests.ReadAllAsync(temp.Store, request));
        Assert.Contains("70000", error.Message, StringComparison.Ordinal);
    }
}
