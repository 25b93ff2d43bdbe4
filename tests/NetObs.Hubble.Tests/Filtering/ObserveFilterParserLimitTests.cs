using System.Text;
using NetObs.Hubble.Filtering;

namespace NetObs.Hubble.Tests.Filtering;

/// <summary>Issue 12: inputs that used to overflow, take seconds or come back whole in the error.</summary>
public sealed class ObserveFilterParserLimitTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Since_further_back_than_1970_is_a_filter_error_not_an_unrepresentable_date()
    {
        var error = Assert.Throws<FilterSyntaxException>(() => ObserveFilterParser.Parse("--since 99999999h", Now));

        Assert.Contains("--since value '99999999h' at position 8 is before 1970-01-01", error.Message, StringComparison.Ordinal);
        Assert.Equal("99999999h", error.Token);
    }

    [Fact]
    public void Until_with_a_duration_beyond_any_number_is_a_filter_error_not_a_decimal_overflow()
    {
        var huge = new string('9', 28) + "h";

        var error = Assert.Throws<FilterSyntaxException>(() => ObserveFilterParser.Parse("--until " + huge, Now));

        Assert.Contains("is before 1970-01-01", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_time_after_2262_is_refused_because_flow_timestamps_cannot_hold_it()
    {
        var error = Assert.Throws<FilterSyntaxException>(() => ObserveFilterParser.Parse("--until 3000-01-01", Now));

        Assert.Contains("after 2262-04-11", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_five_megabyte_unknown_flag_is_refused_at_once_with_a_short_excerpt()
    {
        var filter = "--" + new string('x', 5 * 1024 * 1024);
        Assert.Throws<FilterSyntaxException>(() => ObserveFilterParser.Parse(new string('x', ObserveFilterParser.MaxLength + 1), Now));

        var error = Assert.Throws<FilterSyntaxException>(() => ObserveFilterParser.Parse(filter, Now));
        Assert.Contains($"{filter.Length:N0} characters long, more than the limit of {ObserveFilterParser.MaxLength:N0}", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 300, $"{error.Message.Length} characters");
        Assert.True(error.Token.Length < 100);
    }

    [Fact]
    public void Five_thousand_pod_flags_are_refused_by_the_flag_limit()
    {
        var filter = string.Concat(Enumerable.Range(0, 5000).Select(i => $"--pod p{i % 10} "))[..ObserveFilterParser.MaxLength];

        var error = Assert.Throws<FilterSyntaxException>(() => ObserveFilterParser.Parse(filter, Now));

        Assert.Contains($"more than the limit of {ObserveFilterParser.MaxFlags}", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400, $"{error.Message.Length} characters");
    }

    [Fact]
    public void Exactly_the_flag_limit_still_parses()
    {
        var filter = string.Join(' ', Enumerable.Repeat("--pod a", ObserveFilterParser.MaxFlags));

        var query = ObserveFilterParser.Parse(filter, Now);

        Assert.NotEmpty(query.Allowlist);
    }

    [Fact]
    public void A_long_bad_value_is_quoted_as_an_excerpt_with_its_length()
    {
        var value = new string('z', 3000);

        var error = Assert.Throws<FilterSyntaxException>(() => ObserveFilterParser.Parse("--verdict " + value, Now));

        Assert.Contains($"'{new string('z', TextExcerpt.MaxQuoted)}… (3,000 characters)'", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400, $"{error.Message.Length} characters");
    }

    [Theory]
    [InlineData("--ip=")]
    [InlineData("--from-ip ")]
    [InlineData("--http-status ")]
    public void A_value_checker_message_that_repeats_the_value_is_shortened_too(string flag)
    {
        // Found by the long fuzz run: the IP and status checkers' own messages quoted the whole 4,000-character value.
        var error = Assert.Throws<FilterSyntaxException>(() => ObserveFilterParser.Parse(flag + new string('x', 4000), Now));

        Assert.True(error.Message.Length < 600, $"{error.Message.Length} characters");
    }

    [Fact]
    public void An_excerpt_never_splits_a_surrogate_pair()
    {
        var text = new string('a', TextExcerpt.MaxQuoted - 1) + "😀" + new string('b', 10);

        var excerpt = TextExcerpt.Of(text);

        Assert.StartsWith(new string('a', TextExcerpt.MaxQuoted - 1) + "…", excerpt, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(excerpt)));
    }

    [Fact]
    public void A_lone_surrogate_in_a_value_is_a_filter_error_not_an_encoder_crash()
    {
        // Found by the fuzz suite: the filter formatter's protobuf JSON encoder threw on it.
        var error = Assert.Throws<FilterSyntaxException>(() => ObserveFilterParser.Parse("--cluster a\udc06b", Now));

        Assert.Equal(11, error.Position);
        Assert.Contains("half of a UTF-16 surrogate pair", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Spelling_suggestion_skips_words_of_very_different_length_without_comparing_them()
    {
        var typed = new string('p', 2_000_000);

        Assert.Null(SpellingSuggestion.Closest(typed, ["pod", "namespace", "verdict"]));
    }
}
