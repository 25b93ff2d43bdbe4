using System.Globalization;
using NetObs.Testing.Frames;

namespace NetObs.Demo.Frames;

/// <summary>How decoded cell values print and convert.</summary>
internal static class DecodedValues
{
    /// <summary>The cell at <paramref name="row"/> as the demo prints it; empty past the end.</summary>
    public static string Text(this DecodedField field, int row) => row < field.Values.Count ? Format(field.Values[row]) : "";

    /// <summary>The cell at <paramref name="row"/> as a number, NaN when it is none.</summary>
    public static double Number(this DecodedField field, int row) => row < field.Values.Count ? ToDouble(field.Values[row]) : double.NaN;

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
