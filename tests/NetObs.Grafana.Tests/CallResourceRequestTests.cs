namespace NetObs.Grafana.Tests;

/// <summary>Reading a CallResource request's URL.</summary>
public sealed class CallResourceRequestTests
{
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
