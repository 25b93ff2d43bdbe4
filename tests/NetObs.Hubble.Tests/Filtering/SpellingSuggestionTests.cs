using NetObs.Hubble.Filtering;

namespace NetObs.Hubble.Tests.Filtering;

public sealed class SpellingSuggestionTests
{
    [Theory]
    [InlineData("flowz", "flows")]
    [InlineData("VERDICT", "verdict")]
    [InlineData("droped", "DROPPED")]
    public void Closest_ignores_case_on_both_sides_and_returns_the_candidate_as_written(string typed, string expected)
    {
        Assert.Equal(expected, SpellingSuggestion.Closest(typed, ["flows", "verdict", "DROPPED"]));
    }

    [Fact]
    public void A_word_with_more_than_a_third_of_its_letters_wrong_gets_no_suggestion()
    {
        Assert.Equal("source_namespace", SpellingSuggestion.Closest("source_namspce", ["source_namespace", "verdict"]));
        Assert.Null(SpellingSuggestion.Closest("histogram", ["flows", "timeseries", "topk"]));
    }

    [Fact]
    public void Hint_is_a_clause_with_the_prefix_or_empty()
    {
        Assert.Equal("; did you mean '--pod'?", SpellingSuggestion.Hint("podd", ["pod", "namespace"], "--"));
        Assert.Equal(string.Empty, SpellingSuggestion.Hint("xyz", ["namespace"]));
    }
}
