using System.Net;
using System.Net.Sockets;
using Cilium.Flow;
using Cilium.Observer;
using NetObs.Hubble.Relay;
using NetObs.Testing.Tls;

namespace NetObs.Hubble.Tests.Relay;

public sealed class HubbleRelayClientTests
{
    [Fact]
    public async Task Plaintext_get_flows_streams_node_status_then_matching_flows()
    {
        await using var server = await TestRelayServer.StartAsync();
        using var client = new HubbleRelayClient(new RelayConnectionOptions { Address = $"127.0.0.1:{server.Port}" });

        var all = await Collect(client.GetFlowsAsync(new GetFlowsRequest()));
        var drops = await Collect(client.GetFlowsAsync(new GetFlowsRequest { Whitelist = { new FlowFilter { Verdict = { Verdict.Dropped } } } }));

        Assert.Equal(GetFlowsResponse.ResponseTypesOneofCase.NodeStatus, all[0].ResponseTypesCase);
        Assert.Equal(4, all.Count(r => r.Flow is not null));
        var drop = Assert.Single(drops, r => r.Flow is not null);
        Assert.Equal(DropReason.PolicyDenied, drop.Flow.DropReasonDesc);
    }

    [Fact]
    public async Task Unary_calls_return_the_servers_answers()
    {
        await using var server = await TestRelayServer.StartAsync();
        using var client = new HubbleRelayClient(new RelayConnectionOptions { Address = $"http://127.0.0.1:{server.Port}" });

        var status = await client.ServerStatusAsync();
        var nodes = await client.GetNodesAsync();
        var namespaces = await client.GetNamespacesAsync();

        Assert.Equal(4095UL, status.MaxFlows);
        Assert.Equal(1U, status.NumConnectedNodes);
        Assert.Equal("node-a", Assert.Single(nodes.Nodes).Name);
        Assert.Equal("pets", Assert.Single(namespaces.Namespaces).Namespace_);
    }

    [Fact]
    public async Task Bad_filter_reported_by_the_server_is_an_invalid_argument_failure()
    {
        await using var server = await TestRelayServer.StartAsync();
        using var client = new HubbleRelayClient(new RelayConnectionOptions { Address = $"127.0.0.1:{server.Port}" });
        var request = new GetFlowsRequest { Whitelist = { new FlowFilter { HttpStatusCode = { "4xx" } } } };

        var error = await Assert.ThrowsAsync<RelayException>(() => Collect(client.GetFlowsAsync(request)));

        Assert.Equal(RelayFailure.InvalidArgument, error.Failure);
        Assert.Contains("invalid status code prefix: \"4xx\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_connection_is_unreachable_and_says_so()
    {
        var port = FreePort();
        using var client = new HubbleRelayClient(new RelayConnectionOptions { Address = $"127.0.0.1:{port}", DialTimeout = TimeSpan.FromSeconds(2) });

        var error = await Assert.ThrowsAsync<RelayException>(() => client.ServerStatusAsync());

        Assert.Equal(RelayFailure.Unreachable, error.Failure);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slow_unary_call_hits_the_request_timeout()
    {
        await using var server = await TestRelayServer.StartAsync();
        server.Settings.UnaryDelay = TimeSpan.FromSeconds(5);
        using var client = new HubbleRelayClient(new RelayConnectionOptions { Address = $"127.0.0.1:{server.Port}", RequestTimeout = TimeSpan.FromMilliseconds(300) });

        var error = await Assert.ThrowsAsync<RelayException>(() => client.ServerStatusAsync());

        Assert.Equal(RelayFailure.Deadline, error.Failure);
        Assert.Contains("did not answer within 0.3s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bounded_get_flows_hits_the_flows_timeout_naming_it()
    {
        await using var server = await TestRelayServer.StartAsync();
        server.Settings.FlowsDelay = TimeSpan.FromSeconds(5);
        using var client = new HubbleRelayClient(new RelayConnectionOptions { Address = $"127.0.0.1:{server.Port}", FlowsTimeout = TimeSpan.FromMilliseconds(300) });

        var error = await Assert.ThrowsAsync<RelayException>(() => Collect(client.GetFlowsAsync(new GetFlowsRequest())));

        Assert.Equal(RelayFailure.Deadline, error.Failure);
        Assert.Contains("GetFlows to Hubble Relay at 127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.Contains("did not answer within 0.3s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Following_stream_outlives_the_flows_timeout()
    {
        await using var server = await TestRelayServer.StartAsync();
        using var client = new HubbleRelayClient(new RelayConnectionOptions { Address = $"127.0.0.1:{server.Port}", FlowsTimeout = TimeSpan.FromMilliseconds(200) });
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var started = DateTime.UtcNow;
        var received = 0;

        // The follow loop sends a flow every 50 ms, so 14 flows take well past the 200 ms flows timeout.
        await foreach (var response in client.GetFlowsAsync(new GetFlowsRequest { Follow = true }, cancel.Token))
        {
            if (response.Flow is not null && ++received == 14)
            {
                break;
            }
        }

        Assert.Equal(14, received);
        Assert.True(DateTime.UtcNow - started > TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Get_flows_sends_the_field_mask_as_given()
    {
        await using var server = await TestRelayServer.StartAsync();
        using var client = new HubbleRelayClient(new RelayConnectionOptions { Address = $"127.0.0.1:{server.Port}" });
        var request = new GetFlowsRequest { FieldMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "time", "verdict", "source.namespace" } } };

        await Collect(client.GetFlowsAsync(request));

        Assert.Equal(["time", "verdict", "source.namespace"], server.Settings.LastFlowsRequest!.FieldMask.Paths);
    }

    [Fact]
    public void Tls_address_on_the_https_default_port_is_accepted()
    {
        using var client = new HubbleRelayClient(new RelayConnectionOptions { Address = "tls://hubble-relay.kube-system.svc:443", SkipVerify = true });

        Assert.Equal("https", client.Target.Scheme);
        Assert.Equal(443, client.Target.Port);
    }

    [Fact]
    public async Task Unimplemented_call_is_reported_as_unimplemented()
    {
        await using var server = await TestRelayServer.StartAsync();
        server.Settings.NodesUnimplemented = true;
        using var client = new HubbleRelayClient(new RelayConnectionOptions { Address = $"127.0.0.1:{server.Port}" });

        var error = await Assert.ThrowsAsync<RelayException>(() => client.GetNodesAsync());

        Assert.Equal(RelayFailure.Unimplemented, error.Failure);
        Assert.Contains("GetNodes is not implemented", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Following_stream_stops_when_cancelled_and_the_server_sees_it()
    {
        await using var server = await TestRelayServer.StartAsync();
        using var client = new HubbleRelayClient(new RelayConnectionOptions { Address = $"127.0.0.1:{server.Port}" });
        using var cancel = new CancellationTokenSource();
        var received = 0;

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var response in client.GetFlowsAsync(new GetFlowsRequest { Follow = true }, cancel.Token))
            {
                if (response.Flow is not null && ++received == 8)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.Equal(8, received);
        Assert.True(error.CancellationToken.IsCancellationRequested || cancel.IsCancellationRequested);
        await WaitUntil(() => server.Settings.FollowCancelled);
    }

    [Fact]
    public async Task Tls_with_the_ca_and_a_server_name_override_connects()
    {
        using var certificates = new TestCertificates();
        await using var server = await TestRelayServer.StartAsync(certificates);
        using var client = new HubbleRelayClient(new RelayConnectionOptions
        {
            Address = $"tls://127.0.0.1:{server.Port}",
            CaCertificatePem = certificates.CaPem,
            ServerName = "instance.hubble-relay.cilium.io",
        });

        var status = await client.ServerStatusAsync();

        Assert.Equal(4UL, status.NumFlows);
        Assert.Equal("https", client.Target.Scheme);
    }

    [Fact]
    public async Task Tls_without_the_server_name_override_fails_naming_the_mismatch()
    {
        using var certificates = new TestCertificates();
        await using var server = await TestRelayServer.StartAsync(certificates);
        using var client = new HubbleRelayClient(new RelayConnectionOptions
        {
            Address = $"127.0.0.1:{server.Port}",
            Tls = RelayTlsMode.Tls,
            CaCertificatePem = certificates.CaPem,
        });

        var error = await Assert.ThrowsAsync<RelayException>(() => client.ServerStatusAsync());

        Assert.Equal(RelayFailure.TlsFailure, error.Failure);
        Assert.Contains("not valid for the name '127.0.0.1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("serverName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_ca_fails_with_a_clear_tls_error()
    {
        using var certificates = new TestCertificates();
        using var otherCa = new TestCertificates("Some Other CA");
        await using var server = await TestRelayServer.StartAsync(certificates);
        using var client = new HubbleRelayClient(new RelayConnectionOptions
        {
            Address = $"tls://127.0.0.1:{server.Port}",
            CaCertificatePem = otherCa.CaPem,
            ServerName = "instance.hubble-relay.cilium.io",
        });

        var error = await Assert.ThrowsAsync<RelayException>(() => client.ServerStatusAsync());

        Assert.Equal(RelayFailure.TlsFailure, error.Failure);
        Assert.Contains("TLS verification failed for Hubble Relay at 127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.Contains("not signed by the configured tlsCACert", error.Message, StringComparison.Ordinal);
        Assert.Contains(TestCertificates.DefaultAuthorityName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skip_verify_accepts_an_untrusted_certificate_when_opted_in()
    {
        using var certificates = new TestCertificates();
        await using var server = await TestRelayServer.StartAsync(certificates);
        using var client = new HubbleRelayClient(new RelayConnectionOptions { Address = $"tls://127.0.0.1:{server.Port}", SkipVerify = true });

        var namespaces = await client.GetNamespacesAsync();

        Assert.Single(namespaces.Namespaces);
    }

    [Fact]
    public async Task Mutual_tls_with_a_client_certificate_streams_flows()
    {
        using var certificates = new TestCertificates();
        await using var server = await TestRelayServer.StartAsync(certificates, requireClientCertificate: true);
        using var client = new HubbleRelayClient(new RelayConnectionOptions
        {
            Address = $"tls://127.0.0.1:{server.Port}",
            Tls = RelayTlsMode.MutualTls,
            CaCertificatePem = certificates.CaPem,
            ClientCertificatePem = certificates.ClientCertificatePem,
            ClientKeyPem = certificates.ClientKeyPem,
            ServerName = "instance.hubble-relay.cilium.io",
        });

        var responses = await Collect(client.GetFlowsAsync(new GetFlowsRequest()));

        Assert.Equal(4, responses.Count(r => r.Flow is not null));
    }

    [Fact]
    public async Task Mutual_tls_server_refuses_a_client_without_certificate()
    {
        using var certificates = new TestCertificates();
        await using var server = await TestRelayServer.StartAsync(certificates, requireClientCertificate: true);
        using var client = new HubbleRelayClient(new RelayConnectionOptions
        {
            Address = $"tls://127.0.0.1:{server.Port}",
            CaCertificatePem = certificates.CaPem,
            ServerName = "instance.hubble-relay.cilium.io",
        });

        var error = await Assert.ThrowsAsync<RelayException>(() => client.ServerStatusAsync());

        Assert.NotEqual(RelayFailure.InvalidArgument, error.Failure);
        Assert.Contains("client certificate", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "relay address is empty")]
    [InlineData("hubble-relay", "is not host:port")]
    [InlineData("tls://relay:443/path", "is not host:port")]
    public void Bad_addresses_are_rejected_up_front(string address, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => new HubbleRelayClient(new RelayConnectionOptions { Address = address }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutual_tls_without_a_key_is_rejected_up_front()
    {
        using var certificates = new TestCertificates();

        var error = Assert.Throws<ArgumentException>(() => new HubbleRelayClient(new RelayConnectionOptions
        {
            Address = "tls://127.0.0.1:4245",
            Tls = RelayTlsMode.MutualTls,
            ClientCertificatePem = certificates.ClientCertificatePem,
        }));

        Assert.Contains("tlsClientCert and tlsClientKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ca_that_is_not_pem_is_rejected_up_front()
    {
        var error = Assert.Throws<ArgumentException>(() => new HubbleRelayClient(new RelayConnectionOptions
        {
            Address = "tls://127.0.0.1:4245",
            CaCertificatePem = "not a certificate",
        }));

        Assert.Contains("tlsCACert", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_without_a_usable_openssl_fails_every_call_with_the_reason_and_touches_no_tls()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        // The CA is not PEM: loading it would throw here, so the client did not load any TLS material.
        using var client = new HubbleRelayClient(
            new RelayConnectionOptions { Address = $"tls://127.0.0.1:{port}", CaCertificatePem = "not a certificate" },
            () => "needs OpenSSL, and this test has none");

        var status = await Assert.ThrowsAsync<RelayException>(() => client.ServerStatusAsync());
        var flows = await Assert.ThrowsAsync<RelayException>(() => Collect(client.GetFlowsAsync(new GetFlowsRequest())));

        Assert.Equal(RelayFailure.TlsUnavailable, status.Failure);
        Assert.Equal($"TLS to Hubble Relay at 127.0.0.1:{port} needs OpenSSL, and this test has none", status.Message);
        Assert.Equal(RelayFailure.TlsUnavailable, flows.Failure);
        Assert.Equal(status.Message, flows.Message);
        Assert.False(listener.Pending(), "the client dialled the relay although TLS cannot be used");
    }

    [Fact]
    public async Task Plaintext_address_does_not_check_for_openssl()
    {
        await using var server = await TestRelayServer.StartAsync();
        using var client = new HubbleRelayClient(
            new RelayConnectionOptions { Address = $"127.0.0.1:{server.Port}" },
            () => throw new InvalidOperationException("the OpenSSL check ran for a plaintext address"));

        var status = await client.ServerStatusAsync();

        Assert.Equal(4095UL, status.MaxFlows);
    }

    private static async Task<List<GetFlowsResponse>> Collect(IAsyncEnumerable<GetFlowsResponse> responses)
    {
        var list = new List<GetFlowsResponse>();
        await foreach (var response in responses)
        {
            list.Add(response);
        }

        return list;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(condition(), "the server did not observe the cancellation");
    }
}
