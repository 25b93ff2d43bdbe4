using NetObs.History.Storage;
using NetObs.History.Storage.ClickHouse;

namespace NetObs.History.Tests.ClickHouse;

public sealed class ClickHouseStoreUriTests
{
    [Fact]
    public void A_single_server_uri_names_host_port_and_database()
    {
        var uri = ClickHouseStoreUri.Parse("clickhouse://ch.example:8124/netobs");
        Assert.Equal(["ch.example:8124"], uri.Hosts);
        Assert.Equal("netobs", uri.Database);
        Assert.Null(uri.Cluster);
        Assert.Null(uri.User);
    }

    [Fact]
    public void Shards_cluster_and_credentials_are_read_and_the_password_never_displayed()
    {
        var uri = ClickHouseStoreUri.Parse("clickhouse://rec:p%40ss@a:8123,b/flows?cluster=prod");
        Assert.Equal(["a:8123", "b:8123"], uri.Hosts);
        Assert.Equal("prod", uri.Cluster);
        Assert.Equal(("rec", "p@ss"), (uri.User, uri.Password));
        Assert.DoesNotContain("p@ss", uri.Display, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("duckdb:x.db", "is not a ClickHouse URI")]
    [InlineData("clickhouse://localhost:8123", "the database is missing")]
    [InlineData("clickhouse://localhost:8123/net-obs", "database 'net-obs' must be letters")]
    [InlineData("clickhouse://a:1,b:2/db", "add ?cluster=NAME")]
    [InlineData("clickhouse://a:99999/db", "'a:99999' is not HOST or HOST:PORT")]
    [InlineData("clickhouse://a/db?clustr=x", "unknown option 'clustr'")]
    [InlineData("clickhouse://a/db?cluster=x;DROP", "cluster 'x;DROP' must be letters")]
    public void Bad_uris_are_rejected_with_what_to_write(string text, string expected)
    {
        var error = Assert.Throws<FlowStoreException>(() => ClickHouseStoreUri.Parse(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_without_the_password()
    {
        var error = Assert.Throws<FlowStoreException>(() => ClickHouseStoreUri.Parse("clickhouse://u:topsecret@a:0/?password=alsosecret&x=1"));
        Assert.Contains("'a:0' is not HOST", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown option 'x'", error.Message, StringComparison.Ordinal);
        Assert.Contains("the database is missing", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("topsecret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("alsosecret", error.Message, StringComparison.Ordinal);
    }
}
