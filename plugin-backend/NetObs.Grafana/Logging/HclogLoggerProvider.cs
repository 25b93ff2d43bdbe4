using Microsoft.Extensions.Logging;

namespace NetObs.Grafana.Logging;

/// <summary>An <see cref="ILoggerProvider"/> whose loggers write hclog JSON lines (see <see cref="HclogJsonWriter"/>).</summary>
public sealed class HclogLoggerProvider : ILoggerProvider
{
    private readonly HclogJsonWriter _writer;

    public HclogLoggerProvider(HclogJsonWriter writer)
    {
        _writer = writer;
    }

    public ILogger CreateLogger(string categoryName) => new HclogLogger(_writer, categoryName);

    public void Dispose()
    {
    }

    private sealed class HclogLogger(HclogJsonWriter writer, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var fields = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            writer.Write(logLevel, formatter(state, exception), fields.Append(new("logger", category)), exception);
        }
    }
}
