using System.Text;
using NetObs.Grafana.Frames;
using NetObs.Grafana.Queries;

namespace NetObs.Grafana.Tests;

public sealed class QueryTypeRouterTests
{
    private static QueryDataRequest Request(params DataQuery[] queries) => new(new PluginContext(), new Dictionary<string, string>(), queries);

    private static DataQuery Query(string refId, string json, string queryType = "") =>
        new() { RefId = refId, QueryType = queryType, Json = Encoding.UTF8.GetBytes(json) };

    private static QueryTypeHandler Named(string name) =>
        (context, _) => Task.FromResult(DataResponse.Success(new DataFrame(name + ":" + context.Query.RefId)));

    [Fact]
    public async Task Query_without_a_type_goes_to_the_default_handler_and_json_queryType_is_read_when_grafana_sent_none()
    {
        var router = new QueryTypeRouter("flows").Map("flows", Named("flows")).Map("topk", Named("topk"));

        var reply = await router.QueryDataAsync(Request(Query("A", "{}"), Query("B", """{"queryType":"topk"}"""), Query("C", "", "topk")), default);

        Assert.Equal("flows:A", reply.Responses["A"].Frames.Single().Name);
        Assert.Equal("topk:B", reply.Responses["B"].Frames.Single().Name);
        Assert.Equal("topk:C", reply.Responses["C"].Frames.Single().Name);
    }

    [Fact]
    public async Task Query_exception_becomes_that_querys_error_with_its_source_and_status()
    {
        var router = new QueryTypeRouter("flows")
            .Map("flows", Named("flows"))
            .Map("down", (_, _) => throw new QueryException("relay unreachable at relay:4245; check the URL", ErrorSource.Downstream, 503));

        var reply = await router.QueryDataAsync(Request(Query("A", "{}"), Query("B", "{}", "down")), default);

        Assert.Null(reply.Responses["A"].Error);
        var failed = reply.Responses["B"];
        Assert.Equal("relay unreachable at relay:4245; check the URL", failed.Error);
        Assert.Equal(ErrorSource.Downstream, failed.ErrorSource);
        Assert.Equal(503, failed.Status);
    }

    [Fact]
    public async Task Queries_of_one_call_run_concurrently()
    {
        var bothStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        var router = new QueryTypeRouter("wait").Map("wait", async (context, cancellationToken) =>
        {
            if (Interlocked.Increment(ref started) == 2)
            {
                bothStarted.SetResult();
            }

            // Sequential execution would never see the second query start.
            await bothStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            return DataResponse.Success();
        });

        var reply = await router.QueryDataAsync(Request(Query("A", "{}"), Query("B", "{}")), default);

        Assert.All(reply.Responses.Values, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task Cancellation_of_the_call_propagates_instead_of_becoming_a_query_error()
    {
        var router = new QueryTypeRouter("slow").Map("slow", async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return DataResponse.Success();
        });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => router.QueryDataAsync(Request(Query("A", "{}")), cancel.Token));
    }

    [Fact]
    public async Task Unexpected_exception_is_a_plugin_error_naming_the_query_and_a_log_reference_not_the_exception_text()
    {
        var router = new QueryTypeRouter("x").Map("x", (_, _) => throw new InvalidOperationException("index out of range"));

        var reply = await router.QueryDataAsync(Request(Query("Z", "{}")), default);

        Assert.StartsWith("Query Z failed inside the plugin (not in the system it queries); the plugin log has the details under reference ref-", reply.Responses["Z"].Error, StringComparison.Ordinal);
        Assert.DoesNotContain("index out of range", reply.Responses["Z"].Error, StringComparison.Ordinal);
        Assert.Equal(ErrorSource.Plugin, reply.Responses["Z"].ErrorSource);
        Assert.Equal(500, reply.Responses["Z"].Status);
    }
}
