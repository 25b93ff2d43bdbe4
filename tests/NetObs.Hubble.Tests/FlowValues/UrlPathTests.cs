using System.Text;
using Cilium.Flow;
using NetObs.Hubble.FlowValues;

namespace NetObs.Hubble.Tests.FlowValues;

public sealed class UrlPathTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("/api/v1/orders?id=7", "/api/v1/orders")]
    [InlineData("/cart#summary", "/cart")]
    [InlineData("http://checkout.shop.svc", "/")]
    [InlineData("http://checkout.shop.svc/", "/")]
    [InlineData("https://checkout:8443/pay/card?x=1#top", "/pay/card")]
    [InlineData("http://host?q=1", "/")]
    [InlineData("relative/path#frag", "relative/path")]
    [InlineData("http://h/caf\u00e9/\u00fcber?q", "/caf\u00e9/\u00fcber")]
    public void Text_and_utf8_bytes_give_the_path_hubble_filters_on(string url, string expected)
    {
        var flow = new Flow { L7 = new Layer7 { Http = new HTTP { Url = url } } };
        Assert.Equal(expected, FlowText.HttpPath(flow));

        var bytes = Encoding.UTF8.GetBytes(url);
        var path = UrlPath.Find<byte>(bytes, (byte)':', (byte)'/', (byte)'?', (byte)'#') is { } range ? bytes[range] : "/"u8.ToArray();
        Assert.Equal(expected, Encoding.UTF8.GetString(path));
    }
}
