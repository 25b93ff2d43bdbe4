using System.Globalization;
using System.Text;
using NetObs.Hubble.Filtering;

namespace NetObs.Query.Tests.Fuzz;

/// <summary>
/// Seeded generators of hostile inputs for the fuzz suite: filter strings, query JSON, data source settings and query
/// windows, built from the shapes issue 12's probe found (extreme numbers, lone surrogates, huge values, many flags,
/// truncated JSON) mixed with valid pieces so that the parsers get past their first check.
/// </summary>
internal sealed class FuzzInputs(int seed)
{
    private static readonly string[] FlagNames = [.. ObserveFlags.All.Select(f => f.Name), "podd", "namespac", "", "-", "not"];

    private static readonly string[] Values =
    [
        "pets", "kube-system/coredns", "DROPPED", "FORWARDED", "POLICY_DENIED", "10.0.0.0/8", "::1", "53", "65536", "-1", "app=web",
        "app in (a,b)", "*.example.com", "http", "SYN,ACK", "5m", "1h30m", "99999999h", "99999999999999999999999999999h", "2025-04-16T18:49:59Z",
        "9999-12-31", "0001-01-01", "3000-01-01", "1e308", "NaN", "'unterminated", "\"unterminated", "a=b=c", "{\"source_pod\":[\"x\"]}", "{", "\\",
        "\ud800", "\udc00x", "😀", "ingress", "egress", "to-endpoint", "0", "18446744073709551616", "", " ",
    ];

    private static readonly string[] Keys = ["queryType", "filter", "groupBy", "metric", "limit", "k", "nodeKind", "stream", "refId", "datasource", "\\udc00"];

    private static readonly string[] JsonValues =
    [
        "\"flows\"", "\"timeseries\"", "\"topk\"", "\"servicemap\"", "\"status\"", "\"flowz\"", "\"\"", "null", "true", "false", "0", "-1", "1e999",
        "-1e999", "9223372036854775808", "1.5", "\"500\"", "\"abc\"", "[]", "{}", "[\"verdict\"]", "[\"verdict\",\"verdict\"]", "[1,2]", "\"\\udc00\"",
        "\"\\ud800\\ud800\"", "\"p95\"", "\"rate\"", "\"pod\"", "\"identity\"", "[[[[[[]]]]]]",
    ];

    private static readonly long[] Epochs =
    [
        0, 1, -1, 1_700_000_000_000, 9_223_372_036_854, 9_223_372_036_855, 253_402_300_799_999, 253_402_300_800_000, long.MaxValue, long.MinValue,
    ];

    private static readonly long[] Intervals = [0, 1, 1000, 60_000, -1, 922_337_203_685_477, 3_153_600_000_000, 3_153_600_000_001, long.MaxValue, long.MinValue];

    private static readonly long[] Points = [0, 1, 100, 1000, 11_000, 11_001, -1, int.MaxValue, (long)int.MaxValue + 1, long.MaxValue, long.MinValue];

    private readonly Random _random = new(seed);

    public string Filter()
    {
        var text = new StringBuilder();
        var parts = _random.Next(0, 7);
        for (var i = 0; i < parts; i++)
        {
            var flag = Pick(FlagNames);
            text.Append(_random.Next(10) == 0 ? "-" + (flag.Length > 0 ? flag[0] : 'x') : "--" + flag);
            text.Append(_random.Next(5) == 0 ? "=" : " ").Append(Value()).Append(' ');
        }

        return Mutate(text.ToString());
    }

    public string QueryJson()
    {
        var json = new StringBuilder("{");
        var fields = _random.Next(0, 6);
        for (var i = 0; i < fields; i++)
        {
            json.Append(i == 0 ? "" : ",").Append('"').Append(Pick(Keys)).Append("\":");
            json.Append(_random.Next(4) == 0 ? JsonString(Filter()) : _random.Next(50) == 0 ? BigGroupBy() : Pick(JsonValues));
        }

        json.Append('}');
        var text = json.ToString();
        return _random.Next(8) == 0 ? text[..(_random.Next(text.Length + 1))] : _random.Next(30) == 0 ? Pick(["123", "[1]", "\"x\"", "", "null"]) : text;
    }

    public string SettingsJson()
    {
        var keys = new[] { "timeout", "defaultLimit", "maxLimit", "tlsAuth", "tlsSkipVerify", "serverName", "\\ud800" };
        var numbers = new[] { "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "1e-8", "1e999", "0.5", "30", "\"30\"", "\"\"", "-3", "3601", "1000001", "1.5", "true", "\"\\udc00\"", "{}" };
        var json = new StringBuilder("{");
        var fields = _random.Next(0, 4);
        for (var i = 0; i < fields; i++)
        {
            json.Append(i == 0 ? "" : ",").Append('"').Append(Pick(keys)).Append("\":").Append(Pick(numbers));
        }

        var text = json.Append('}').ToString();
        return _random.Next(10) == 0 ? text[..(_random.Next(text.Length + 1))] : text;
    }

    public string Url() => Pick(["relay:80", "tls://relay:443", "", "relay", "ftp://relay:1", "relay:0", "relay:99999", ":80", "[::1]:80", Mutate("relay:4245")]);

    public (long From, long To, long Interval, long MaxDataPoints) Window()
    {
        var from = _random.Next(3) == 0 ? _random.NextInt64(0, 253_402_300_799_999) : Pick(Epochs);
        var to = _random.Next(3) == 0 ? _random.NextInt64(0, 253_402_300_799_999) : Pick(Epochs);
        return (from, to, Pick(Intervals), Pick(Points));
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public int Next(int max) => _random.Next(max);

    /// <summary>A JSON string literal of <paramref name="text"/>, with lone surrogates written as \u escapes as a browser would.</summary>
    public static string JsonString(string text)
    {
        var json = new StringBuilder("\"");
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => json.Append("\\\""),
                '\\' => json.Append("\\\\"),
                < ' ' or (>= '\ud800' and <= '\udfff') => json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => json.Append(c),
            };
        }

        return json.Append('"').ToString();
    }

    private string Value()
    {
        var roll = _random.Next(100);
        return roll switch
        {
            0 => new string('x', _random.Next(4000, 10_000)),
            1 => string.Concat(Enumerable.Repeat("--pod a ", _random.Next(90, 700))),
            < 10 => RandomText(_random.Next(1, 20)),
            _ => Pick(Values),
        };
    }

    private string BigGroupBy() => "[" + string.Join(',', Enumerable.Repeat("\"verdict\"", _random.Next(9, 5000))) + "]";

    private string RandomText(int length)
    {
        var text = new char[length];
        for (var i = 0; i < length; i++)
        {
            text[i] = _random.Next(4) switch
            {
                0 => (char)_random.Next(0x20, 0x7f),
                1 => (char)_random.Next(0xd800, 0xe000),
                2 => (char)_random.Next(0, 0x20),
                _ => (char)_random.Next(0x80, 0xffff),
            };
        }

        return new string(text);
    }

    private string Mutate(string text)
    {
        if (text.Length == 0 || _random.Next(4) != 0)
        {
            return text;
        }

        var at = _random.Next(text.Length);
        return _random.Next(3) switch
        {
            0 => text.Remove(at, 1),
            1 => text.Insert(at, Pick(["'", "\"", "\\", "=", " --not ", "\ud800", "-"])),
            _ => text[..at],
        };
    }
}
