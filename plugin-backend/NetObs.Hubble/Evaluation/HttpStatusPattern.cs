using Google.Protobuf.Collections;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// HTTP status filters as Hubble reads them: a full code "404" (1xx-5xx) or a prefix of one or two
/// digits followed by "+" ("5+", "40+"). Anything else, such as "4xx", is rejected.
/// </summary>
internal sealed class HttpStatusPattern
{
    private readonly uint[] _exact;
    private readonly (uint Divisor, uint Prefix)[] _prefixes;

    private HttpStatusPattern(uint[] exact, (uint, uint)[] prefixes)
    {
        _exact = exact;
        _prefixes = prefixes;
    }

    public static HttpStatusPattern Compile(RepeatedField<string> values)
    {
        var exact = new List<uint>();
        var prefixes = new List<(uint, uint)>();
        foreach (var value in values)
        {
            if (IsFullCode(value))
            {
                exact.Add(uint.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (IsPrefix(value))
            {
                var digits = value[..^1];
                var divisor = digits.Length == 1 ? 100u : 10u;
                prefixes.Add((divisor, uint.Parse(digits, System.Globalization.CultureInfo.InvariantCulture)));
            }
            else
            {
                throw new InvalidFlowFilterException(
                    $"invalid http status code filter: invalid status code prefix: \"{value}\"; use a full code such as 404 or a prefix such as 5+ or 40+");
            }
        }

        return new HttpStatusPattern([.. exact], [.. prefixes]);
    }

    public bool Matches(uint code)
    {
        if (Array.IndexOf(_exact, code) >= 0)
        {
            return true;
        }

        // Hubble compares the zero-padded 3-digit text by prefix; for codes 100-999 that is integer division.
        foreach (var (divisor, prefix) in _prefixes)
        {
            if (code is >= 100 and <= 999 && code / divisor == prefix)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsFullCode(string value) =>
        value.Length == 3 && value[0] is >= '1' and <= '5' && char.IsAsciiDigit(value[1]) && char.IsAsciiDigit(value[2]);

    private static bool IsPrefix(string value) =>
        value.Length is 2 or 3 && value[^1] == '+' && value[0] is >= '1' and <= '5' && (value.Length == 2 || char.IsAsciiDigit(value[1]));
}
