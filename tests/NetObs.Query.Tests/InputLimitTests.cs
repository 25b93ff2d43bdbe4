using System.Text;
using NetObs.Hubble.Filtering;
using NetObs.Plugin.Settings;
using NetObs.Query.Aggregation;
using NetObs.Query.Model;
using NetObs.Query.Queries;
using NetObs.Query.QueryTypes.TimeSeries;
using NetObs.Query.Results;

namespace NetObs.Query.Tests;

/// <summary>Issue 12: the query model's answers to inputs that overflowed, allocated without bound or leaked .NET internals.</summary>
public sealed class InputLimitTests
{
    private static readonly QueryLimits Limits = new(DataSourceSettings.DefaultDefaultLimit, DataSourceSettings.DefaultMaxLimit);

    private static QueryParseResult Parse(string json) => QueryParser.Parse("A", Encoding.UTF8.GetBytes(json));

    private static SettingsParseResult ParseSettings(string json) =>
        SettingsParser.Parse("relay:80", Encoding.UTF8.GetBytes(json), new Dictionary<string, string>());

    [Fact]
    public void The_issue_bucket_bomb_gives_at_most_max_data_points_buckets()
    {
        // 0 → 253402300799999 with intervalMS 922337203685477 once wrapped interval × 100 into 483 million buckets.
        var buckets = new TimeBuckets(
            DateTimeOffset.FromUnixTimeMilliseconds(0),
            DateTimeOffset.FromUnixTimeMilliseconds(253_402_300_799_999),
            TimeSpan.FromMilliseconds(922_337_203_685_477),
            1000);

        Assert.InRange(buckets.Count, 1, 1001);
        Assert.True(buckets.IntervalNs > 0);
        Assert.True(buckets.Starts().Zip(buckets.Starts().Skip(1)).All(pair => pair.Second > pair.First));
    }

    [Theory]
    [InlineData(0, 11_001)]
    [InlineData(-5, 11_001)]
    [InlineData(long.MaxValue, 11_001)]
    [InlineData(100, 101)]
    public void Bucket_count_never_exceeds_max_data_points_or_the_grafana_ceiling(long maxDataPoints, int bound)
    {
        var buckets = new TimeBuckets(DateTimeOffset.UnixEpoch, QueryWindow.Latest, TimeSpan.FromSeconds(1), maxDataPoints);

        Assert.InRange(buckets.Count, 1, bound);
    }

    [Fact]
    public void Series_times_buckets_stay_within_the_cell_budget()
    {
        Assert.True(TimeSeriesQuery.SeriesLimit(11_001, latency: false) * 11_001L <= TimeSeriesQuery.MaxCells);
        Assert.True(TimeSeriesQuery.SeriesLimit(11_001, latency: true) * 11_001L <= TimeSeriesQuery.MaxLatencyCells);
        Assert.Equal(TimeSeriesQuery.MaxSeries, TimeSeriesQuery.SeriesLimit(60, latency: false));
        Assert.Equal(1, TimeSeriesQuery.SeriesLimit(1_000_000, latency: true));
    }

    [Fact]
    public async Task A_range_beyond_2262_is_a_400_naming_the_field_and_the_allowed_range()
    {
        var engine = new QueryEngine(new InMemoryRelay([]), Limits, QueryEngineOptions.Default);
        var window = new QueryWindow(DateTimeOffset.UnixEpoch, DateTimeOffset.FromUnixTimeMilliseconds(253_402_300_799_999), TimeSpan.FromMilliseconds(922_337_203_685_477), 1000);

        var failure = await Assert.ThrowsAsync<QueryFailure>(() =>
            engine.RunJsonAsync("A", "{\"queryType\":\"timeseries\"}", window, TimeSeriesQuery.RunAsync));

        Assert.Equal(400, failure.Status);
        Assert.Equal(FailureSource.Plugin, failure.FailureSource);
        Assert.Contains("timeRange.to is 9999-12-31T23:59:59Z; it must be between 1970-01-01 and 2262-04-11", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_says_line_and_column_without_parser_internals()
    {
        var result = Parse("{\n  \"queryType\": \"flows\",\n  \"filter\": }");

        Assert.Contains("not valid JSON at line 3, column 13", result.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", result.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"filter\":\"--pod \\udc00\"}", "$.filter")]
    [InlineData("{\"queryType\":\"\\ud800\"}", "$.queryType")]
    [InlineData("{\"queryType\":\"topk\",\"groupBy\":[\"verdict\",\"\\udfff\"]}", "$.groupBy[1]")]
    [InlineData("{\"\\udc00\":1}", "$ (the name of property 1)")]
    public void A_lone_surrogate_escape_is_a_400_that_names_its_path(string json, string path)
    {
        var result = Parse(json);

        Assert.Null(result.Query);
        Assert.Contains($"the string at {path} contains a \\u escape that is not a character", result.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("UTF-16 JSON text", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Filter_errors_name_the_field_once()
    {
        var result = Parse("{\"filter\":\"--podd x\"}");

        Assert.StartsWith("Invalid query: filter: unknown flag '--podd'", result.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("filter: filter:", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_five_megabyte_filter_is_refused_fast_with_a_short_error()
    {
        var json = "{\"filter\":\"--" + new string('x', 5 * 1024 * 1024) + "\"}";

        var result = Parse(json);
        Assert.Null(result.Query);
        Assert.Contains("more than the limit", result.ErrorMessage, StringComparison.Ordinal);
        Assert.True(result.ErrorMessage.Length < 300, $"{result.ErrorMessage.Length} characters");
    }

    [Fact]
    public void A_long_filter_error_quotes_an_excerpt_not_the_whole_filter()
    {
        var filter = "--namespace " + new string('a', 3000) + " --podd x";

        var result = Parse("{\"filter\":\"" + filter + "\"}");

        Assert.Contains("--podd", result.ErrorMessage, StringComparison.Ordinal);
        Assert.True(result.ErrorMessage.Length < 400, $"{result.ErrorMessage.Length} characters");
    }

    [Fact]
    public void Thousands_of_group_by_entries_are_one_problem_naming_the_limit()
    {
        var json = "{\"queryType\":\"topk\",\"groupBy\":[" + string.Join(',', Enumerable.Repeat("7", 5000)) + "]}";

        var result = Parse(json);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("groupBy", problem.Field);
        Assert.Contains($"5,000 entries, more than the limit of {QueryParser.MaxGroupBy}", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_json_over_the_size_limit_is_refused_unread()
    {
        var result = Parse("{\"x\":\"" + new string(' ', QueryParser.MaxJsonBytes) + "\"}");

        Assert.Contains($"more than the limit of {QueryParser.MaxJsonBytes:N0}", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"timeout\":\"NaN\"}")]
    [InlineData("{\"timeout\":\"Infinity\"}")]
    [InlineData("{\"timeout\":1e-8}")]
    [InlineData("{\"timeout\":1e999}")]
    [InlineData("{\"timeout\":0.5}")]
    public void A_non_finite_or_tiny_timeout_is_a_settings_problem_naming_the_key(string json)
    {
        var result = ParseSettings(json);

        Assert.Null(result.Settings);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("jsonData.timeout", problem.Field);
        Assert.DoesNotContain("TimeSpan", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"maxLimit\":\"NaN\"}", "jsonData.maxLimit")]
    [InlineData("{\"defaultLimit\":1e999}", "jsonData.defaultLimit")]
    public void Non_finite_limits_are_settings_problems_naming_the_key(string json, string field)
    {
        var result = ParseSettings(json);

        Assert.Equal(field, Assert.Single(result.Problems).Field);
    }

    [Fact]
    public void Settings_json_errors_say_where_and_lone_surrogates_do_not_throw()
    {
        var broken = ParseSettings("{\"timeout\": }");
        var surrogate = ParseSettings("{\"serverName\":\"\\udc00\"}");

        Assert.Contains("is not valid JSON at line 1, column 13", Assert.Single(broken.Problems).Message, StringComparison.Ordinal);
        Assert.Contains("$.serverName", Assert.Single(surrogate.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fault_of_the_plugins_own_code_is_a_500_plugin_failure_with_a_reference_not_a_relay_error()
    {
        var failure = RelayFailures.Describe(new ObjectDisposedException("GrpcChannel"));

        Assert.Equal(FailureSource.Plugin, failure.FailureSource);
        Assert.Equal(500, failure.Status);
        Assert.NotNull(failure.LogReference);
        Assert.Contains(failure.LogReference, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("GrpcChannel", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Hubble Relay", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_errors_quote_an_excerpt_of_a_huge_url()
    {
        var result = SettingsParser.Parse("ftp://" + new string('h', 100_000), default, new Dictionary<string, string>());

        Assert.True(result.ErrorMessage.Length < 400, $"{result.ErrorMessage.Length} characters");
        Assert.Contains(TextExcerpt.Of("ftp://" + new string('h', 100_000)), result.ErrorMessage, StringComparison.Ordinal);
    }
}
