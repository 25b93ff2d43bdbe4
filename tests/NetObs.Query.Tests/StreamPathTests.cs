using NetObs.Plugin;

namespace NetObs.Query.Tests;

public sealed class StreamPathTests
{
    [Theory]
    [InlineData("", "flows/cbf29ce484222325")]
    [InlineData("a", "flows/af63dc4c8601ec8c")]
    public void Stream_path_is_the_64_bit_fnv_1a_of_the_filter_in_hex(string filter, string path)
    {
        Assert.Equal(path, HubbleDataSource.StreamPath(filter));
    }

    [Fact]
    public void Different_filters_get_different_channels_and_the_same_filter_the_same_one()
    {
        Assert.NotEqual(HubbleDataSource.StreamPath("--namespace pets"), HubbleDataSource.StreamPath("--namespace shop"));
        Assert.Equal(HubbleDataSource.StreamPath("--verdict DROPPED"), HubbleDataSource.StreamPath("--verdict DROPPED"));
    }
}
