using Cilium.Flow;
using NetObs.Hubble.FlowValues;

namespace NetObs.Hubble.Tests.FlowValues;

/// <summary>The shared texts of flow values that the plugin, the history server and the simulator all show.</summary>
public sealed class FlowValueTextTests
{
    [Theory]
    [InlineData("prod/aks-1", "prod")]
    [InlineData("aks-1", "default")]
    [InlineData("", "")]
    [InlineData("a/b/c", "a")]
    public void Cluster_is_the_node_name_prefix_or_default(string nodeName, string cluster)
    {
        Assert.Equal(cluster, NodeClusterName.Of(nodeName));
        Assert.Equal(cluster, new FlowText().Cluster(nodeName));
    }

    [Fact]
    public void Cluster_dimension_reads_the_observing_node_not_the_endpoints()
    {
        Assert.True(FlowDimensions.TryGet("cluster", out var cluster));
        var flow = new Flow { NodeName = "eu-west/aks-2", Source = new Endpoint { ClusterName = "other" } };

        Assert.Equal("eu-west", cluster.Read(flow, new FlowText()));
        Assert.Equal(["node_name"], cluster.MaskPaths);
    }

    [Theory]
    [InlineData(true, false, false, false, "SYN")]
    [InlineData(true, true, false, false, "SYN,ACK")]
    [InlineData(false, true, true, true, "ACK,RST,FIN")]
    [InlineData(false, false, false, false, "")]
    public void Tcp_flags_print_in_hubbles_order_from_flags_or_stored_bits(bool syn, bool ack, bool rst, bool fin, string text)
    {
        var flags = new TCPFlags { SYN = syn, ACK = ack, RST = rst, FIN = fin };
        var flow = new Flow { L4 = new Layer4 { TCP = new TCP { Flags = flags } } };

        Assert.Equal(text, FlowText.TcpFlags(flow));
        Assert.Equal(text, TcpFlagNames.Text(TcpFlagNames.Bits(flags)));
    }

    [Fact]
    public void Protocol_prefers_the_l7_record_and_falls_back_to_the_l4_header()
    {
        var dns = new Flow { L4 = new Layer4 { UDP = new UDP() }, L7 = new Layer7 { Dns = new DNS() } };
        var icmp = new Flow { L4 = new Layer4 { ICMPv6 = new ICMPv6() } };

        Assert.Equal("DNS", FlowText.Protocol(dns));
        Assert.Equal("UDP", FlowText.L4Protocol(dns));
        Assert.Equal("ICMPv6", FlowText.Protocol(icmp));
        Assert.Equal(string.Empty, FlowText.Protocol(new Flow()));
    }

    [Theory]
    [InlineData(3, "NXDOMAIN")]
    [InlineData(10, "NOTZONE")]
    [InlineData(16, "16")]
    public void Dns_response_codes_have_their_mnemonics(uint rcode, string name) => Assert.Equal(name, DnsRcodeNames.Of(rcode));
}
