using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NetObs.Grafana.Logging;

namespace NetObs.Grafana.Tests;

public sealed class HclogJsonWriterTests
{
    private static List<JsonElement> Lines(MemoryStream stream) =>
        Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Theory]
    [InlineData(LogLevel.Trace, "trace")]
    [InlineData(LogLevel.Debug, "debug")]
    [InlineData(LogLevel.Information, "info")]
    [InlineData(LogLevel.Warning, "warn")]
    [InlineData(LogLevel.Error, "error")]
    [InlineData(LogLevel.Critical, "error")]
    public void Levels_use_hclog_names_that_go_plugin_understands(LogLevel level, string expected)
    {
        var stream = new MemoryStream();
        new HclogJsonWriter(stream, "plugin").Write(level, "hello", []);

        Assert.Equal(expected, Lines(stream).Single().GetProperty("@level").GetString());
    }

    [Fact]
    public void Structured_log_values_become_top_level_keys_and_exceptions_an_error_key()
    {
        var stream = new MemoryStream();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new HclogLoggerProvider(new HclogJsonWriter(stream, "plugin.netobs"))));
        var logger = factory.CreateLogger("Test");

        logger.LogWarning(new InvalidOperationException("boom"), "Query {RefId} took {Milliseconds} ms", "A", 42);

        var line = Lines(stream).Single();
        Assert.Equal("warn", line.GetProperty("@level").GetString());
        Assert.Equal("Query A took 42 ms", line.GetProperty("@message").GetString());
        Assert.Equal("plugin.netobs", line.GetProperty("@module").GetString());
        Assert.Equal("A", line.GetProperty("RefId").GetString());
        Assert.Equal(42, line.GetProperty("Milliseconds").GetInt32());
        Assert.Equal("boom", line.GetProperty("error").GetString());
        Assert.Equal("Test", line.GetProperty("logger").GetString());
        Assert.False(line.TryGetProperty("{OriginalFormat}", out _));
    }

    [Fact]
    public void Timestamp_has_the_six_fraction_digits_go_plugin_parses_and_newlines_stay_escaped()
    {
        var stream = new MemoryStream();
        new HclogJsonWriter(stream, "plugin").Write(LogLevel.Information, "two\nlines", [new("@level", "spoofed")]);

        var text = Encoding.UTF8.GetString(stream.ToArray());
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var line = Lines(stream).Single();
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", line.GetProperty("@timestamp").GetString());
        Assert.Equal("info", line.GetProperty("@level").GetString());
        Assert.Equal("two\nlines", line.GetProperty("@message").GetString());
    }
}
