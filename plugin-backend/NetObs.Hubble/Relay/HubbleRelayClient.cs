using System.Runtime.CompilerServices;
using Cilium.Observer;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using NetObs.History.V1;
using NetObs.Hubble.FlowSources;

namespace NetObs.Hubble.Relay;

/// <summary>
/// The plugin's connection to Hubble Relay, and the flow source that scans it: one HTTP/2 channel per data-source instance, unary
/// calls with the request timeout, streaming GetFlows with cancellation (and the flows timeout when
/// bounded), and failures reported as <see cref="RelayException"/> with the cause.
/// </summary>
public sealed class HubbleRelayClient : IFlowSource, IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly Observer.ObserverClient _observer;
    private readonly RelayTlsSettings? _tls;
    private readonly RelayConnectionOptions _options;
    private readonly string _authority;
    private readonly string? _tlsUnavailable;
    private readonly HistoryServerProbe _history;

    /// <summary>Creates the channel; nothing is dialled until the first call. Invalid options throw <see cref="ArgumentException"/>.</summary>
    public HubbleRelayClient(RelayConnectionOptions options)
        : this(options, () => OpenSslCheck.Problem)
    {
    }

    /// <param name="options">Where and how to reach the relay.</param>
    /// <param name="tlsProblem">Why TLS cannot be used in this process (see <see cref="OpenSslCheck"/>); asked only for a TLS address.</param>
    internal HubbleRelayClient(RelayConnectionOptions options, Func<string?> tlsProblem)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        var (uri, useTls) = RelayAddress.Parse(options.Address, options.Tls);
        Target = uri;

        // Uri.Authority drops a default port (443 under https); messages name the port the user wrote.
        _authority = uri.GetComponents(UriComponents.HostAndPort, UriFormat.UriEscaped);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.DialTimeout,
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        if (useTls && tlsProblem() is { } problem)
        {
            // Loading the TLS material or dialling would reach .NET's OpenSSL shim, which aborts the process when it
            // finds no usable libssl: every call fails with this instead, and nothing of TLS is touched.
            _tlsUnavailable = $"TLS to Hubble Relay at {_authority} {problem}";
        }
        else if (useTls)
        {
            _tls = new RelayTlsSettings(options, uri.Host);
            handler.SslOptions = _tls.Build();
        }
        else if (options.Tls == RelayTlsMode.MutualTls)
        {
            throw new ArgumentException("mutual TLS is on but the address is plaintext; use tls://host:port");
        }

        _channel = GrpcChannel.ForAddress(uri, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 16 * 1024 * 1024,

            // While the relay is down, calls fail at once until the next reconnect attempt; grpc-dotnet's defaults
            // (1 s growing to 120 s) left panels failing for seconds to minutes after the relay was back. A dial to a
            // down relay is one refused TCP connect, so trying every half second at most costs nothing.
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(100),
            MaxReconnectBackoff = TimeSpan.FromMilliseconds(500),
        });
        _observer = new Observer.ObserverClient(_channel);
        var aggregation = new Aggregation.AggregationClient(_channel);
        HistoryServerProbe? probe = null;
        var history = new HistoryAggregationClient(aggregation, _authority, options.FlowsTimeout,
            (error, method, timeout, cancellationToken) => Translate(error, method, timeout, cancellationToken, RelayErrorTranslator.HistoryServer),
            () => probe?.Forget());
        probe = new HistoryServerProbe(aggregation, history, options.RequestTimeout, TimeProvider.System);
        _history = probe;
    }

    /// <summary>The URI the channel dials.</summary>
    public Uri Target { get; }

    /// <summary>
    /// What answers at the address, as messages name it: "NetObs history server" once the probe found one there, else
    /// "Hubble Relay". The history server serves the same observer API, so only the probe tells them apart.
    /// </summary>
    public string ServerKind => _history.FoundHistoryServer == true ? RelayErrorTranslator.HistoryServer : RelayErrorTranslator.HubbleRelay;

    /// <summary>Streams GetFlows responses until the server ends the stream or <paramref name="cancellationToken"/> fires.</summary>
    public IAsyncEnumerable<GetFlowsResponse> GetFlowsAsync(GetFlowsRequest request, CancellationToken cancellationToken = default) =>
        StreamFlowsAsync(request, (deadline, token) => _observer.GetFlows(request, deadline: deadline, cancellationToken: token), cancellationToken);

    /// <summary>
    /// Streams GetFlows responses read by <paramref name="responses"/> instead of the generated parser, for a caller
    /// that needs more than the parsed message (the history server keeps each flow's bytes as they arrived).
    /// </summary>
    public IAsyncEnumerable<TResponse> GetFlowsAsync<TResponse>(GetFlowsRequest request, Marshaller<TResponse> responses, CancellationToken cancellationToken = default)
        where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(responses);
        var method = new Method<GetFlowsRequest, TResponse>(MethodType.ServerStreaming, Observer.Descriptor.FullName, "GetFlows", RequestMarshaller, responses);
        return StreamFlowsAsync(request,
            (deadline, token) => _channel.CreateCallInvoker().AsyncServerStreamingCall(method, null, new CallOptions(deadline: deadline, cancellationToken: token), request),
            cancellationToken);
    }

    private static readonly Marshaller<GetFlowsRequest> RequestMarshaller = Marshallers.Create(r => r.ToByteArray(), GetFlowsRequest.Parser.ParseFrom);

    private async IAsyncEnumerable<TResponse> StreamFlowsAsync<TResponse>(
        GetFlowsRequest request,
        Func<DateTime?, CancellationToken, AsyncServerStreamingCall<TResponse>> start,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ThrowIfTlsUnavailable();
        var timeout = request.Follow ? null : _options.FlowsTimeout;
        DateTime? deadline = timeout is { } bound ? DateTime.UtcNow + bound : null;
        AsyncServerStreamingCall<TResponse> call;
        try
        {
            call = start(deadline, cancellationToken);
        }
        catch (RpcException e)
        {
            throw Translate(e, "GetFlows", timeout, cancellationToken);
        }

        using (call)
        {
            while (true)
            {
                bool hasNext;
                try
                {
                    hasNext = await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false);
                }
                catch (RpcException e)
                {
                    throw Translate(e, "GetFlows", timeout, cancellationToken);
                }

                if (!hasNext)
                {
                    yield break;
                }

                yield return call.ResponseStream.Current;
            }
        }
    }

    /// <summary>The NetObs history server's aggregation service at this address, or null for a plain relay (probed, then kept briefly).</summary>
    public ValueTask<IHistoryAggregations?> HistoryAsync(CancellationToken cancellationToken = default) =>
        _tlsUnavailable is null ? _history.DetectAsync(cancellationToken) : ValueTask.FromResult<IHistoryAggregations?>(null);

    /// <summary>Flow counts, capacity and connected nodes (the relay sums over nodes).</summary>
    public Task<ServerStatusResponse> ServerStatusAsync(CancellationToken cancellationToken = default) =>
        UnaryAsync("ServerStatus", (options) => _observer.ServerStatusAsync(new ServerStatusRequest(), options), cancellationToken);

    /// <summary>The relay's peers; a per-node Hubble server answers Unimplemented.</summary>
    public Task<GetNodesResponse> GetNodesAsync(CancellationToken cancellationToken = default) =>
        UnaryAsync("GetNodes", (options) => _observer.GetNodesAsync(new GetNodesRequest(), options), cancellationToken);

    /// <summary>Namespaces that had flows in the last hour.</summary>
    public Task<GetNamespacesResponse> GetNamespacesAsync(CancellationToken cancellationToken = default) =>
        UnaryAsync("GetNamespaces", (options) => _observer.GetNamespacesAsync(new GetNamespacesRequest(), options), cancellationToken);

    public void Dispose() => _channel.Dispose();

    private async Task<T> UnaryAsync<T>(string method, Func<CallOptions, AsyncUnaryCall<T>> call, CancellationToken cancellationToken)
    {
        ThrowIfTlsUnavailable();
        var options = new CallOptions(deadline: DateTime.UtcNow + _options.RequestTimeout, cancellationToken: cancellationToken);
        try
        {
            using var pending = call(options);
            return await pending.ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw Translate(e, method, _options.RequestTimeout, cancellationToken);
        }
    }

    private void ThrowIfTlsUnavailable()
    {
        if (_tlsUnavailable is not null)
        {
            throw new RelayException(RelayFailure.TlsUnavailable, _tlsUnavailable);
        }
    }

    // Observer calls (GetFlows, ServerStatus…) name what the probe last found at the address: a history server serves them too.
    private Exception Translate(RpcException error, string method, TimeSpan? timeout, CancellationToken cancellationToken, string? server = null)
    {
        server ??= ServerKind;
        if (error.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException($"{method} to {server} at {_authority} was cancelled", error, cancellationToken);
        }

        return RelayErrorTranslator.Translate(error, method, _authority, timeout, _options, _tls?.LastRejection, server);
    }
}
