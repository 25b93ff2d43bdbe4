using System.Globalization;

namespace NetObs.Demo.Frames;

/// <summary>How decoded cell values print and convert.</summary>
internal static class DecodedValues
{
    public static string Format(object? value) => value switch
    {
        null => "",
        DateTimeOffset time => time.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        double d => d.ToString(Math.Abs(d) >= 100 || d == Math.Floor(d) ? "0" : "0.###", CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("0.###", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static double ToDouble(object? value) => value switch
    {
        null => double.NaN,
        double d => d,
        float f => f,
        long l => l,
        ulong u => u,
        int i => i,
        uint u => u,
        short s => s,
        ushort u => u,
        sbyte s => s,
        byte b => b,
        bool b => b ? 1 : 0,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => double.NaN,
    };
}
