using System.Text;
using System.Text.Json;
using NetObs.Hubble.Filtering;

namespace NetObs.Hubble.Tests.Filtering;

/// <summary>
/// The filter flags are defined once, in <see cref="ObserveFlags"/>; the frontend's builder, parser and completion read
/// them from plugin-frontend/src/contract/filter-flags.json, which this test writes and keeps current.
/// </summary>
public sealed class FrontendContractTests
{
    [Fact]
    public void Frontend_filter_flag_contract_matches_the_flag_definitions() =>
        FrontendContractFile.Check(
            "filter-flags.json",
            "plugin-backend/NetObs.Hubble/Filtering/Flags",
            "tests/NetObs.Hubble.Tests/Filtering/FrontendContractTests.cs",
            "FrontendContract",
            "flags",
            WriteFlags);

    [Fact]
    public void Every_flag_name_and_short_name_is_defined_once()
    {
        Assert.Equal(ObserveFlags.All.Count, ObserveFlags.All.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count());
        var shorts = ObserveFlags.All.Where(f => f.Short is not null).Select(f => f.Short!.Value).ToList();
        Assert.Equal(shorts.Count, shorts.Distinct().Count());
    }

    [Fact]
    public void Flags_with_closed_value_sets_list_their_choices()
    {
        var closed = new[] { ObserveValueKind.Choice, ObserveValueKind.ChoiceList };
        var missing = ObserveFlags.All.Where(f => closed.Contains(f.Value) && f.Choices.Count == 0).Select(f => f.Name);
        var switchesWithChoices = ObserveFlags.All.Where(f => !f.TakesValue && f.Choices.Count > 0).Select(f => f.Name);

        Assert.Empty(missing);
        Assert.Empty(switchesWithChoices);
    }

    private static void WriteFlags(Utf8JsonWriter json)
    {
        foreach (var flag in ObserveFlags.All)
        {
            json.WriteStartObject();
            json.WriteString("flag", $"--{flag.Name}");
            if (flag.Short is { } shortName)
            {
                json.WriteString("short", $"-{shortName}");
            }
            else
            {
                json.WriteNull("short");
            }

            json.WriteBoolean("takesValue", flag.TakesValue);
            json.WriteString("value", Kebab(flag.Value.ToString()));
            json.WriteString("family", Kebab(flag.Family.ToString()));
            json.WriteString("description", flag.Description);
            json.WriteStartArray("choices");
            foreach (var choice in flag.Choices)
            {
                json.WriteStringValue(choice);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }
    }

    // Enum names as the frontend spells its string unions: IpAddress -> ip-address.
    private static string Kebab(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
