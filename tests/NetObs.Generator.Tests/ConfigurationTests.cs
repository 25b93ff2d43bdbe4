using NetObs.Generator.Configuration;

namespace NetObs.Generator.Tests;

public sealed class ConfigurationTests
{
    private static ConfigurationException Fails(string yaml) =>
        Assert.Throws<ConfigurationException>(() => new ConfigurationLoader().LoadText(yaml, "bad.yaml"));

    [Fact]
    public void Embedded_defaults_set_every_key()
    {
        var config = new ConfigurationLoader().LoadDefaults();

        Assert.Equal("cluster", config.Cluster.Label);
        Assert.Equal(Dataplane.Both, config.Dataplane);
        Assert.True(config.Datasources.Prometheus.AsVariable);
        Assert.NotEmpty(config.Dashboards.Tags);
    }

    [Fact]
    public void Unknown_key_names_file_line_column_and_the_allowed_keys()
    {
        var error = Assert.Single(Fails("cluster:\n  lable: k8s_cluster\n").Errors);

        Assert.Equal(("bad.yaml", 2L, 3L), (error.File, error.Line, error.Column));
        Assert.Contains("unknown key 'lable' in 'cluster'", error.Message, StringComparison.Ordinal);
        Assert.Contains("allowed keys: label, default", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_top_level_section_lists_every_section()
    {
        var error = Assert.Single(Fails("dashbords: {}\n").Errors);

        Assert.Contains("alerts", error.Message, StringComparison.Ordinal);
        Assert.Contains("dashboards", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_boolean_type_names_the_key_and_value()
    {
        var error = Assert.Single(Fails("datasources:\n  prometheus:\n    asVariable: sometimes\n").Errors);

        Assert.Equal((3L, 17L), (error.Line, error.Column));
        Assert.Contains("'datasources.prometheus.asVariable' must be true or false, not 'sometimes'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mapping_where_a_list_belongs_is_an_error()
    {
        var error = Assert.Single(Fails("dashboards:\n  tags: {a: b}\n").Errors);

        Assert.Contains("'dashboards.tags' must be a list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_dataplane_names_the_allowed_values()
    {
        var error = Assert.Single(Fails("dataplane: cillium\n").Errors);

        Assert.Contains("must be one of cilium, non-cilium, both, not 'cillium'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_regex_is_reported_with_its_position_and_an_example()
    {
        var error = Assert.Single(Fails("selectors:\n  namespaceRegex: \"team-(a|b\"\n").Errors);

        Assert.Equal((2L, 19L), (error.Line, error.Column));
        Assert.Contains("'selectors.namespaceRegex' is not a valid regular expression ('team-(a|b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_label_name_time_and_uid_prefix_are_all_reported_at_once()
    {
        var errors = Fails("cluster:\n  label: 1cluster\ntime:\n  from: yesterday\ndashboards:\n  uidPrefix: \"has space\"\n").Errors;

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Message.Contains("Prometheus label name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("a Grafana relative time such as now-30m", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("'dashboards.uidPrefix' must be letters, digits", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_yaml_is_reported_with_its_position()
    {
        var error = Assert.Single(Fails("cluster:\n  label: [unclosed\n").Errors);

        Assert.Contains("not valid YAML", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 2);
    }

    [Fact]
    public void Keys_left_out_keep_their_defaults()
    {
        var config = new ConfigurationLoader().LoadText("cluster:\n  default: aks-prod\nalerts:\n  extraLabels:\n    team: platform\n", "custom.yaml");

        Assert.Equal("aks-prod", config.Cluster.Default);
        Assert.Equal("cluster", config.Cluster.Label);
        Assert.Equal("platform", config.Alerts.ExtraLabels["team"]);
        Assert.Equal("now-30m", config.Time.From);
    }

    [Fact]
    public void Missing_config_file_is_a_sentence_naming_it()
    {
        var error = Assert.Single(Assert.Throws<ConfigurationException>(() => new ConfigurationLoader().LoadFile("/no/such/netobs.yaml")).Errors);

        Assert.Contains("'/no/such/netobs.yaml' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_tag_list_is_refused_because_the_links_bar_needs_a_tag()
    {
        var error = Assert.Single(Fails("dashboards:\n  tags: []\n").Errors);

        Assert.Contains("'dashboards.tags' needs at least one item.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_key_is_an_error()
    {
        var errors = Fails("time:\n  from: now-1h\n  from: now-2h\n").Errors;

        Assert.Contains(errors, e => e.Line == 3 && e.Message.Contains("from", StringComparison.Ordinal));
    }

    [Fact]
    public void Scalar_where_a_section_belongs_names_the_expected_keys()
    {
        var error = Assert.Single(Fails("time: 30m\n").Errors);

        Assert.Contains("'time' must be a mapping of keys (from, to, refresh)", error.Message, StringComparison.Ordinal);
    }
}
