using NetObs.Grafana.Hosting;

namespace NetObs.Grafana.Tests;

/// <summary>What the plugin takes from go-plugin's environment and tells it back: protocol version, handshake line, standalone address.</summary>
public sealed class GoPluginEnvironmentTests
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
}
