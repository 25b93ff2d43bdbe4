using System.Text;
using NetObs.History.Storage.ClickHouse;

namespace NetObs.History.Tests.Storage;

public sealed class TabSeparatedWriterTests
{
    [Fact]
    public void Dates_strings_given_as_utf8_and_arrays_are_written_as_the_format_defines()
    {
        var writer = new TabSeparatedWriter();
        writer.Date(new DateOnly(2026, 2, 5));
        writer.Utf8String("a\tb\\c\n'ü"u8);
        writer.StartArray();
        writer.ArrayItem("x'y"u8);
        writer.ArrayItem([]);
        writer.EndArray();
        writer.StartArray();
        writer.EndArray();
        writer.StringArray(["p", "q\r"]);
        writer.EndRow();
        writer.Date(new DateOnly(1970, 1, 1));
        writer.EndRow();

        Assert.Equal("2026-02-05\ta\\tb\\\\c\\n'ü\t['x\\'y','']\t[]\t['p','q\\r']\n1970-01-01\n", Encoding.UTF8.GetString(writer.Written.Span));
    }

    [Fact]
    public void A_string_given_as_utf8_is_written_as_the_same_string_given_as_text()
    {
        const string text = "\0\t\n\r\\' ü 日本 🚀";
        var fromText = new TabSeparatedWriter();
        fromText.String(text);
        fromText.StringArray([text, text]);
        var fromUtf8 = new TabSeparatedWriter();
        fromUtf8.Utf8String(Encoding.UTF8.GetBytes(text));
        fromUtf8.StartArray();
        fromUtf8.ArrayItem(Encoding.UTF8.GetBytes(text));
        fromUtf8.ArrayItem(Encoding.UTF8.GetBytes(text));
        fromUtf8.EndArray();

        Assert.Equal(fromText.Written.ToArray(), fromUtf8.Written.ToArray());
    }
}
