using System.Text;
using NetObs.Query.Model;

namespace NetObs.Query.Tests;

public sealed class QueryParserTests
{
    private static QueryParseResult Parse(string json, string? queryTypeField = null) => QueryParser.Parse("A", Encoding.UTF8.GetBytes(json), queryTypeField);

    [Fact]
    public void Missing_query_type_means_flows_with_defaults()
    {
        var result = Parse("{\"refId\":\"A\",\"datasource\":{\"uid\":\"x\"},\"intervalMs\":1000}");
        Assert.Empty(result.Problems);
        Assert.Equal(QueryType.Flows, result.Query!.Type);
        Assert.Null(result.Query.Limit);
        Assert.Equal(QueryMetric.Count, result.Query.Metric);
    }

    [Fact]
    public void Every_field_of_the_model_is_read()
    {
        var result = Parse("{\"queryType\":\"timeseries\",\"filter\":\"--namespace pets --verdict DROPPED\",\"groupBy\":[\"verdict\",\"source_namespace\"],\"metric\":\"p95\",\"limit\":50,\"k\":3,\"nodeKind\":\"pod\",\"stream\":true}");
        Assert.Empty(result.Problems);
        var query = result.Query!;
        Assert.Equal(QueryType.TimeSeries, query.Type);
        Assert.Equal(["verdict", "source_namespace"], query.GroupBy.Select(d => d.Name));
        Assert.Equal(QueryMetric.P95, query.Metric);
        Assert.Equal(50, query.Limit);
        Assert.Equal(3, query.K);
        Assert.Equal(NodeKind.Pod, query.NodeKind);
        Assert.True(query.Stream);
        Assert.Equal(2, query.Filter.Allowlist.Count);
    }

    [Fact]
    public void Bad_json_is_reported_as_invalid_json()
    {
        var result = Parse("{\"queryType\": \"flows\",");
        Assert.Null(result.Query);
        Assert.Contains("not valid JSON", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_query_type_names_the_value_and_suggests_the_closest()
    {
        var result = Parse("{\"queryType\":\"flow\"}");
        var problem = Assert.Single(result.Problems);
        Assert.Equal("queryType", problem.Field);
        Assert.Contains("'flow'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'flows'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_problems_of_a_query_are_reported_at_once()
    {
        var result = Parse("{\"queryType\":\"timeseries\",\"filter\":\"--namespace pets --podd x\",\"groupBy\":[\"verdicts\"],\"metric\":\"p42\",\"limit\":-5}");
        Assert.Null(result.Query);
        Assert.Equal(["filter", "groupBy[0]", "metric", "limit"], result.Problems.Select(p => p.Field));
        Assert.Contains("--podd", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("did you mean 'verdict'", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("got -5", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_limit_is_a_precise_error()
    {
        var problem = Assert.Single(Parse("{\"limit\":-1}").Problems);
        Assert.Equal("limit", problem.Field);
        Assert.Contains("got -1", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Limit_from_a_template_variable_string_is_accepted_but_words_are_not()
    {
        Assert.Equal(500, Parse("{\"limit\":\"500\"}").Query!.Limit);
        Assert.Contains("whole number, got \"many\"", Parse("{\"limit\":\"many\"}").ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_filter_reports_the_position_of_the_offending_flag()
    {
        var (filter, problem) = FilterCompiler.Compile("--namespace pets --podd x");
        Assert.Null(filter);
        Assert.Equal(17, problem!.Position);
        Assert.Equal("--podd", problem.Token);
    }

    [Fact]
    public void Topk_without_group_by_is_rejected()
    {
        var problem = Assert.Single(Parse("{\"queryType\":\"topk\"}").Problems);
        Assert.Equal("groupBy", problem.Field);
    }
}
