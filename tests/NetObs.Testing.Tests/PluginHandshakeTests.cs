using NetObs.Testing.Plugin;

namespace NetObs.Testing.Tests;

public sealed class PluginHandshakeTests
{
    [Fact]
    public void Grpc_line_over_tcp_parses_into_its_network_and_address()
    {
        var handshake = PluginHandshake.Parse("1|2|tcp|127.0.0.1:12345|grpc\n");

        Assert.Equal(new PluginHandshake(1, 2, "tcp", "127.0.0.1:12345", "grpc"), handshake);
    }

    [Theory]
    [InlineData("1|2|tcp|127.0.0.1:1", "protocol 'netrpc' is not grpc")]
    [InlineData("1|1|tcp|127.0.0.1:1|grpc", "app protocol version '1' is not 2")]
    [InlineData("2|2|tcp|127.0.0.1:1|grpc", "core protocol version '2' is not 1")]
    [InlineData("1|2|udp|127.0.0.1:1|grpc", "network 'udp' is neither tcp nor unix")]
    [InlineData("Listening on 127.0.0.1:5000", "at least 4 '|'-separated fields")]
    public void Lines_grafana_would_refuse_are_refused_with_the_reason(string line, string reason)
    {
        var error = Assert.Throws<FormatException>(() => PluginHandshake.Parse(line));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains(line, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Launch_environment_carries_the_magic_cookie_and_protocol_2_and_is_a_fresh_copy_each_time()
    {
        var first = GrafanaLaunchEnvironment.Create();
        first.Remove(GrafanaLaunchEnvironment.MagicCookieKey);

        var second = GrafanaLaunchEnvironment.Create();

        Assert.Equal("datasource", second["grafana_plugin_type"]);
        Assert.Equal("2", second["PLUGIN_PROTOCOL_VERSIONS"]);
        Assert.False(first.ContainsKey("grafana_plugin_type"));
    }

    [Fact]
    public void With_variable_changes_a_copy_of_the_launch()
    {
        var launch = new PluginLaunch("plugin");

        var changed = launch.WithVariable("PLUGIN_PROTOCOL_VERSIONS", "1,3");

        Assert.Equal("1,3", changed.Environment["PLUGIN_PROTOCOL_VERSIONS"]);
        Assert.Equal("2", launch.Environment["PLUGIN_PROTOCOL_VERSIONS"]);
    }

    [Fact]
    public void Starting_a_missing_executable_says_how_to_build_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"netobs-no-plugin-{Guid.NewGuid():N}");

        var error = Assert.Throws<FileNotFoundException>(() => PluginProcess.Start(new PluginLaunch(missing)));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet build plugin-backend/NetObs.Plugin", error.Message, StringComparison.Ordinal);
    }
}
