using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace NetObs.Grafana.Logging;

/// <summary>
/// Writes one hclog JSON object per line, the form go-plugin parses from a plugin's stderr
/// (hashicorp/go-plugin log_entry.go): <c>@level</c>, <c>@message</c>, <c>@module</c> and <c>@timestamp</c> are
/// always strings, every other key is a key/value pair.
/// </summary>
public sealed class HclogJsonWriter
{
    // go-plugin parses @timestamp with Go layout 2006-01-02T15:04:05.000000Z07:00: exactly six fractional digits.
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Stream _output;
    private readonly Lock _gate = new();

    public HclogJsonWriter(Stream output, string module)
    {
        _output = output;
        Module = module;
    }

    public string Module { get; }

    /// <summary>hclog's level names; go-plugin logs anything else (e.g. "warning") at debug.</summary>
    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        _ => "error",
    };

    public void Write(LogLevel level, string message, IEnumerable<KeyValuePair<string, object?>> fields, Exception? exception = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("@level", LevelName(level));
            json.WriteString("@message", message);
            json.WriteString("@module", Module);
            json.WriteString("@timestamp", DateTime.UtcNow.ToString(TimestampFormat, CultureInfo.InvariantCulture));
            foreach (var (key, value) in fields)
            {
                if (key.StartsWith('@') || key == "{OriginalFormat}")
                {
                    continue;
                }

                json.WritePropertyName(key);
                WriteValue(json, value);
            }

            if (exception is not null)
            {
                json.WriteString("error", exception.Message);
                json.WriteString("exception", exception.ToString());
            }

            json.WriteEndObject();
        }

        // One write call per line, under a lock, so concurrent lines never interleave.
        var line = new byte[buffer.WrittenCount + 1];
        buffer.WrittenSpan.CopyTo(line);
        line[^1] = (byte)'\n';
        lock (_gate)
        {
            try
            {
                _output.Write(line);
                _output.Flush();
            }
            catch (IOException)
            {
                // The reader (Grafana) is gone; there is nobody left to tell.
            }
        }
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case string text:
                json.WriteStringValue(text);
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case int or long or short or sbyte or byte or ushort or uint:
                json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong number:
                json.WriteNumberValue(number);
                break;
            case double number when double.IsFinite(number):
                json.WriteNumberValue(number);
                break;
            case float number when float.IsFinite(number):
                json.WriteNumberValue(number);
                break;
            case decimal number:
                json.WriteNumberValue(number);
                break;
            case TimeSpan span:
                json.WriteStringValue(span.ToString("c", CultureInfo.InvariantCulture));
                break;
            case IFormattable formattable:
                json.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteStringValue(value.ToString());
                break;
        }
    }
}
