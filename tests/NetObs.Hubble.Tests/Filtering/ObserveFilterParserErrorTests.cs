using NetObs.Hubble.Filtering;

namespace NetObs.Hubble.Tests.Filtering;

public sealed class ObserveFilterParserErrorTests
{
    [Fact]
    public void Unknown_flag_points_at_the_token_and_suggests_the_closest_flag()
    {
        var error = Assert.Throws<FilterSyntaxException>(() => ObserveFilterParser.Parse("--verdict DROPPED --podd x"));

        Assert.Equal(18, error.Position);
        Assert.Equal("--podd", error.Token);
        Assert.Contains("unknown flag '--podd' at position 18", error.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean '--pod'?", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--ip 1.1.1.1 --from-ip 2.2.2.2", "--from-ip", "filters --from-ip and --ip cannot be combined")]
    [InlineData("--label app=a --from-label app=b", "--from-label", "filters --from-label and --label cannot be combined")]
    [InlineData("--port 53 --to-port 53", "--to-port", "filters --to-port and --port cannot be combined")]
    [InlineData("--encrypted --unencrypted", "--unencrypted", "filters --unencrypted and --encrypted cannot be combined")]
    [InlineData("--namespace a --from-pod b", "--from-pod", "cannot be combined")]
    [InlineData("--fqdn a.com --pod x", "--pod", "cannot be combined")]
    [InlineData("--workload a --to-workload b", "--to-workload", "cannot be combined")]
    [InlineData("--node-name 'n*' --cluster prod", "--cluster", "filters --cluster and --node-name cannot be combined")]
    public void Conflicting_flags_are_rejected_at_the_second_flag(string args, string token, string message)
    {
        var error = Assert.Throws<FilterSyntaxException>(() => ObserveFilterParser.Parse(args));

        Assert.Equal(token, error.Token);
        Assert.Equal(args.IndexOf(token, StringComparison.Ordinal), error.Position);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conflicts_are_checked_per_list_so_a_denied_flag_may_repeat_an_allowed_one()
    {
        var query = ObserveFilterParser.Parse("--ip 10.0.0.1 --not --from-ip 10.0.0.2");

        Assert.Equal(2, query.Allowlist.Count);
        Assert.Single(query.Denylist);
    }

    [Fact]
    public void Namespace_flag_conflicting_with_a_pod_namespace_is_rejected()
    {
        var error = Assert.Throws<FilterSyntaxException>(() => ObserveFilterParser.Parse("-n pets --pod shop/frontend"));

        Assert.Contains("namespace conflict: \"pets\" does not contain \"shop/frontend\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--not --not --pod a", 6, "consecutive --not")]
    [InlineData("--pod a --not", 8, "must be followed by a filter flag")]
    [InlineData("--not --since 5m", 6, "must be followed by a filter flag")]
    public void Misplaced_not_is_rejected(string args, int position, string message)
    {
        var error = Assert.Throws<FilterSyntaxException>(() => ObserveFilterParser.Parse(args));

        Assert.Equal(position, error.Position);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--verdict DROPED", "DROPED", "did you mean 'DROPPED'?")]
    [InlineData("--http-status 4xx", "4xx", "invalid status code prefix")]
    [InlineData("--protocol htp", "htp", "did you mean 'http'?")]
    [InlineData("--port 70000", "70000", "expected a number from 0 to 65535")]
    [InlineData("--to-ip 10.0.0.300", "10.0.0.300", "invalid IP address")]
    [InlineData("--ip 10.0.0.0/40", "10.0.0.0/40", "invalid CIDR")]
    [InlineData("--tcp-flags syn,ak", "syn,ak", "did you mean 'ACK'?")]
    [InlineData("--type tarce", "tarce", "did you mean 'trace'?")]
    [InlineData("--type trace:to-stak", "trace:to-stak", "did you mean 'to-stack'?")]
    [InlineData("--identity wrld", "wrld", "did you mean 'world'?")]
    [InlineData("--traffic-direction inbound", "inbound", "expected ingress or egress")]
    [InlineData("--ip-trace-id 0", "0", "greater than 0")]
    [InlineData("--http-header novalue", "novalue", "expected name:value")]
    [InlineData("--drop-reason-desc POLICY_DENY_ALL", "POLICY_DENY_ALL", "did you mean")]
    [InlineData("--from-fqdn 'bad name'", "'bad name'", "is not allowed")]
    [InlineData("--label 'app in a'", "'app in a'", "parenthesised value list")]
    [InlineData("--http-path '(['", "'(['", "failed to compile regexp")]
    [InlineData("--last many", "many", "whole number")]
    [InlineData("--since yesterday", "yesterday", "use a duration")]
    [InlineData("--pod ''", "''", "non-empty value")]
    public void Bad_values_point_at_the_value_token(string args, string token, string message)
    {
        var error = Assert.Throws<FilterSyntaxException>(() => ObserveFilterParser.Parse(args));

        Assert.Equal(token, error.Token);
        Assert.Equal(args.IndexOf(token, StringComparison.Ordinal), error.Position);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--first 5 --last 5", "--last")]
    [InlineData("--first 5 --follow", "--follow")]
    [InlineData("--first 5 --all", "--all")]
    public void First_cannot_be_combined_with_last_all_or_follow(string args, string other)
    {
        var error = Assert.Throws<FilterSyntaxException>(() => ObserveFilterParser.Parse(args));

        Assert.Equal(0, error.Position);
        Assert.Contains($"cannot be combined with {other}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_value_and_stray_words_are_reported()
    {
        var missing = Assert.Throws<FilterSyntaxException>(() => ObserveFilterParser.Parse("--verdict"));
        var stray = Assert.Throws<FilterSyntaxException>(() => ObserveFilterParser.Parse("--pod a frontend"));
        var swallowed = Assert.Throws<FilterSyntaxException>(() => ObserveFilterParser.Parse("--pod --verdict DROPPED"));

        Assert.Contains("needs a value", missing.Message, StringComparison.Ordinal);
        Assert.Equal(8, stray.Position);
        Assert.Contains("unexpected argument 'frontend'", stray.Message, StringComparison.Ordinal);
        Assert.Contains("the next word is the flag '--verdict'", swallowed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unterminated_quote_is_reported_where_it_opens()
    {
        var error = Assert.Throws<FilterSyntaxException>(() => ObserveFilterParser.Parse("--label 'app=x"));

        Assert.Equal(8, error.Position);
        Assert.Contains("unterminated single quote", error.Message, StringComparison.Ordinal);
    }
}
