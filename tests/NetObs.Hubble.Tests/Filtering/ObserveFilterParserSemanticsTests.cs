using NetObs.Hubble.Filtering;

namespace NetObs.Hubble.Tests.Filtering;

public sealed class ObserveFilterParserSemanticsTests
{
    private static readonly DateTimeOffset Now = new(2025, 4, 16, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Namespace_and_verdict_give_one_filter_per_side_both_with_the_verdict()
    {
        var query = ObserveFilterParser.Parse("-n kube-system --verdict DROPPED");

        ExpectedFilters.Equal(
            ExpectedFilters.Parse(
                """{"source_pod":["kube-system/"],"verdict":["DROPPED"]}""",
                """{"destination_pod":["kube-system/"],"verdict":["DROPPED"]}"""),
            query.Allowlist);
    }

    [Fact]
    public void One_sided_flags_collapse_into_a_single_filter()
    {
        var query = ObserveFilterParser.Parse("--from-pod a --to-port 53 --protocol dns");

        ExpectedFilters.Equal(
            ExpectedFilters.Parse("""{"source_pod":["a"],"destination_port":["53"],"protocol":["dns"]}"""),
            query.Allowlist);
    }

    [Fact]
    public void Not_sends_only_the_next_flag_to_the_denylist_on_both_sides()
    {
        var query = ObserveFilterParser.Parse("--verdict DROPPED --not --namespace kube-system");

        ExpectedFilters.Equal(ExpectedFilters.Parse("""{"verdict":["DROPPED"]}"""), query.Allowlist);
        ExpectedFilters.Equal(
            ExpectedFilters.Parse("""{"source_pod":["kube-system/"]}""", """{"destination_pod":["kube-system/"]}"""),
            query.Denylist);
    }

    [Fact]
    public void Repeated_flags_or_their_values_in_one_field()
    {
        var query = ObserveFilterParser.Parse("--verdict DROPPED --verdict ERROR --to-port 53 --to-port 5353");

        ExpectedFilters.Equal(
            ExpectedFilters.Parse("""{"verdict":["DROPPED","ERROR"],"destination_port":["53","5353"]}"""),
            query.Allowlist);
    }

    [Fact]
    public void Namespace_prefixes_pods_without_a_namespace()
    {
        var query = ObserveFilterParser.Parse("--pod frontend -n pets");

        ExpectedFilters.Equal(
            ExpectedFilters.Parse("""{"source_pod":["pets/frontend"]}""", """{"destination_pod":["pets/frontend"]}"""),
            query.Allowlist);
    }

    [Fact]
    public void Namespace_prefixes_services_instead_of_adding_a_pod()
    {
        var query = ObserveFilterParser.Parse("--namespace pets --service catalog");

        ExpectedFilters.Equal(
            ExpectedFilters.Parse("""{"source_service":["pets/catalog"]}""", """{"destination_service":["pets/catalog"]}"""),
            query.Allowlist);
    }

    [Fact]
    public void Dns_shorthand_combines_with_pod_like_the_cli_user_types_it()
    {
        var query = ObserveFilterParser.Parse("hubble observe --dns --pod pets/frontend");

        ExpectedFilters.Equal(
            ExpectedFilters.Parse(
                """{"protocol":["dns"],"source_pod":["pets/frontend"]}""",
                """{"protocol":["dns"],"destination_pod":["pets/frontend"]}"""),
            query.Allowlist);
    }

    [Fact]
    public void Flag_equals_value_and_short_flag_with_attached_value_are_accepted()
    {
        var query = ObserveFilterParser.Parse("--verdict=DROPPED -npets");

        ExpectedFilters.Equal(
            ExpectedFilters.Parse(
                """{"verdict":["DROPPED"],"source_pod":["pets/"]}""",
                """{"verdict":["DROPPED"],"destination_pod":["pets/"]}"""),
            query.Allowlist);
    }

    [Fact]
    public void Empty_string_means_no_filters_and_default_options()
    {
        var query = ObserveFilterParser.Parse("   ");

        Assert.Empty(query.Allowlist);
        Assert.Empty(query.Denylist);
        Assert.Equal(new ObserveOptions(), query.Options);
    }

    [Fact]
    public void Since_duration_is_resolved_against_now_and_remembered()
    {
        var query = ObserveFilterParser.Parse("--since 1h30m --last 100 --follow", Now);

        Assert.Equal(Now.AddMinutes(-90), query.Options.Since);
        Assert.Equal(TimeSpan.FromMinutes(90), query.Options.SinceAgo);
        Assert.Equal(100UL, query.Options.Last);
        Assert.True(query.Options.Follow);
    }

    [Theory]
    [InlineData("2025-04-16", "2025-04-16T00:00:00+00:00")]
    [InlineData("2025-04-16T15Z", "2025-04-16T15:00:00+00:00")]
    [InlineData("2025-04-16T15:04+02:00", "2025-04-16T15:04:00+02:00")]
    [InlineData("2025-04-16T18:49:59.450508431Z", "2025-04-16T18:49:59.4505084+00:00")]
    [InlineData("'Wed, 16 Apr 2025 18:49:59 -0700'", "2025-04-16T18:49:59-07:00")]
    public void Since_accepts_the_cli_time_layouts(string value, string expected)
    {
        var query = ObserveFilterParser.Parse($"--since {value}", Now);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), query.Options.Since);
        Assert.Null(query.Options.SinceAgo);
    }

    [Fact]
    public void First_sets_first_and_all_sets_the_maximum()
    {
        Assert.Equal(10UL, ObserveFilterParser.Parse("--first 10").Options.First);
        Assert.Equal(ulong.MaxValue, ObserveFilterParser.Parse("--all").Options.Last);
    }

    [Fact]
    public void Until_is_dropped_when_following_as_the_cli_does()
    {
        var query = ObserveFilterParser.Parse("--until 5m --follow", Now);

        Assert.Null(query.Options.Until);
        Assert.True(query.Options.Follow);
    }
}
