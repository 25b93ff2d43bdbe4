using System.Net;
using NetObs.Simulator.Options;

namespace NetObs.Simulator.Tests;

public sealed class OptionsParserTests
{
    [Fact]
    public void Defaults_follow_hubble_relay_and_its_metrics_server()
    {
        var options = SimulatorOptionsParser.Parse([])!;

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 4245), options.Listen);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9965), options.MetricsListen);
        Assert.Equal(4095, options.BufferCapacity);
        Assert.Equal(ScenarioSet.All, options.Scenarios);
        Assert.False(options.TlsEnabled);
    }

    [Fact]
    public void Contract_flags_are_all_understood()
    {
        var options = SimulatorOptionsParser.Parse(
        [
            "--listen", "127.0.0.1:14245", "--metrics-listen", "127.0.0.1:19965", "--seed", "42", "--scenario", "dns,tcp",
            "--nodes", "5", "--buffer", "8191", "--rate", "1500.5", "--backfill", "1h30m", "--cluster", "aks-demo",
        ])!;

        Assert.Equal(14245, options.Listen.Port);
        Assert.Equal(19965, options.MetricsListen.Port);
        Assert.Equal(42ul, options.Seed);
        Assert.Equal(ScenarioSet.Dns | ScenarioSet.Tcp, options.Scenarios);
        Assert.Equal(5, options.Nodes);
        Assert.Equal(8191, options.BufferCapacity);
        Assert.Equal(1500.5, options.Rate);
        Assert.Equal(TimeSpan.FromMinutes(90), options.Backfill);
        Assert.Equal("aks-demo", options.ClusterName);
    }

    [Fact]
    public void Equals_sign_values_are_accepted()
    {
        var options = SimulatorOptionsParser.Parse(["--scenario=l7", "--rate=10"])!;

        Assert.Equal(ScenarioSet.L7, options.Scenarios);
        Assert.Equal(10, options.Rate);
    }

    [Fact]
    public void Help_returns_no_options()
    {
        Assert.Null(SimulatorOptionsParser.Parse(["--help"]));
    }

    [Theory]
    [InlineData("--scenario dnss", "unknown scenario 'dnss'")]
    [InlineData("--listen 10.0.0.5:4245", "only listens on loopback")]
    [InlineData("--listen 4245", "is not HOST:PORT")]
    [InlineData("--rate 0", "--rate '0'")]
    [InlineData("--buffer lots", "--buffer 'lots'")]
    [InlineData("--backfill 2d", "--backfill '2d'")]
    [InlineData("--nodes", "--nodes needs a value")]
    [InlineData("--podd x", "unknown option '--podd'")]
    [InlineData("--listen 127.0.0.1:5000 --metrics-listen 127.0.0.1:5000", "both use port 5000")]
    public void Bad_values_are_explained(string commandLine, string expected)
    {
        var error = Assert.Throws<OptionsException>(() => SimulatorOptionsParser.Parse(commandLine.Split(' ')));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_certificate_without_key_is_refused()
    {
        var file = Path.GetTempFileName();
        try
        {
            var error = Assert.Throws<OptionsException>(() => SimulatorOptionsParser.Parse(["--tls-cert", file]));

            Assert.Contains("--tls-cert and --tls-key go together", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Missing_files_are_named()
    {
        var error = Assert.Throws<OptionsException>(() => SimulatorOptionsParser.Parse(["--replay", "/nonexistent/capture.jsonl"]));

        Assert.Contains("'/nonexistent/capture.jsonl' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("90s", 90_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("250ms", 250)]
    [InlineData("0", 0)]
    public void Durations_use_go_syntax(string text, double milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(milliseconds, duration.TotalMilliseconds);
    }
}
