using NetObs.Grafana.Hosting;
using NetObs.Grafana.Metrics;

namespace NetObs.Grafana.Tests;

public sealed class SmallPartsTests
{
    [Theory]
    [InlineData("2", true)]
    [InlineData("1,2,3", true)]
    [InlineData(" 3 , 2 ", true)]
    [InlineData("", true)]
    [InlineData(null, true)]
    [InlineData("1", false)]
    [InlineData("12,22", false)]
    public void Protocol_2_is_chosen_from_the_offered_list(string? offered, bool accepted)
    {
        Assert.Equal(accepted, new GoPluginEnvironment("datasource", offered).OffersProtocol2);
    }

    [Fact]
    public void Handshake_line_has_five_fields_and_no_certificate_or_mux_field()
    {
        Assert.Equal("1|2|tcp|127.0.0.1:4321|grpc", GoPluginEnvironment.HandshakeLine("127.0.0.1:4321"));
    }

    [Fact]
    public void Standalone_address_variable_follows_the_go_sdk_naming()
    {
        Assert.Equal("GF_PLUGIN_GRPC_ADDRESS_NETOBS_HUBBLE_DATASOURCE", new PluginHostOptions("netobs-hubble-datasource").StandaloneAddressVariable);
    }

    [Fact]
    public void Latency_histogram_is_cumulative_and_ends_with_inf_sum_and_count()
    {
        var metrics = new PluginMetrics("p");
        metrics.QueryDataCompleted(TimeSpan.FromMilliseconds(3));
        metrics.QueryDataCompleted(TimeSpan.FromMilliseconds(200));

        var text = metrics.ToPrometheusText();

        Assert.Contains("p_query_data_duration_seconds_bucket{le=\"0.005\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("p_query_data_duration_seconds_bucket{le=\"0.25\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("p_query_data_duration_seconds_bucket{le=\"+Inf\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("p_query_data_duration_seconds_sum 0.203\n", text, StringComparison.Ordinal);
        Assert.Contains("p_query_data_duration_seconds_count 2\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("labels?namespace=pets&x=1", "namespace", "pets")]
    [InlineData("label-values?key=k8s%3Aapp", "key", "k8s:app")]
    [InlineData("pods?namespace=", "namespace", "")]
    [InlineData("pods", "namespace", null)]
    public void Resource_query_parameters_are_decoded(string url, string name, string? expected)
    {
        var request = new CallResourceRequest { PluginContext = new PluginContext(), Url = url };

        Assert.Equal(expected, request.QueryParameter(name));
    }
}
