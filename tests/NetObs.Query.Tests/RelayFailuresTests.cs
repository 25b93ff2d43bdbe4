using NetObs.Hubble.Relay;
using NetObs.Query.Queries;
using NetObs.Query.Results;

namespace NetObs.Query.Tests;

public sealed class RelayFailuresTests
{
    [Fact]
    public void Tls_unavailable_in_this_process_is_a_plugin_failure_with_the_relay_clients_words()
    {
        var error = new RelayException(RelayFailure.TlsUnavailable, "TLS to Hubble Relay at relay:443 needs OpenSSL built for glibc");

        var failure = RelayFailures.Describe(error);

        Assert.Equal(FailureSource.Plugin, failure.FailureSource);
        Assert.Equal(500, failure.Status);
        Assert.Equal(error.Message, failure.Message);
    }

    [Fact]
    public void Relay_failures_are_downstream_with_their_http_status()
    {
        var failure = RelayFailures.Describe(new RelayException(RelayFailure.Deadline, "GetFlows to Hubble Relay at relay:443 did not answer within 30s"));

        Assert.Equal(FailureSource.Downstream, failure.FailureSource);
        Assert.Equal(504, failure.Status);
    }
}
