using System.Net;
using System.Net.Sockets;

namespace NetObs.Query.Tests;

/// <summary>
/// A loopback TCP proxy in front of the relay that can hold the relay's answers back, so a test knows a query is
/// in flight (its request reached the relay, its answer has not reached the plugin) without guessing with a sleep.
/// It counts the HTTP/2 HEADERS frames the plugin sends, i.e. the gRPC calls that reached the relay.
/// When the relay side closes, the plugin side is closed too, as a dead relay's connection would be.
/// </summary>
internal sealed class HoldingTcpProxy : IAsyncDisposable
{
    private const int Http2PrefaceLength = 24;
    private const byte HeadersFrame = 0x1;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private TaskCompletionSource _released = Released();
    private int _calls;
    private TaskCompletionSource _callSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HoldingTcpProxy(string target)
    {
        _target = target;
        _listener.Start();
        _ = AcceptAsync();
    }

    public string Address => _listener.LocalEndpoint.ToString()!;

    /// <summary>gRPC calls (HTTP/2 HEADERS frames from the plugin) forwarded so far.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>From now on the relay's bytes wait in the proxy until <see cref="Release"/>.</summary>
    public void Hold() => Interlocked.Exchange(ref _released, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Release() => Volatile.Read(ref _released).TrySetResult();

    /// <summary>Completes once at least <paramref name="count"/> calls have reached the relay.</summary>
    public async Task WaitForCallsAsync(int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (Calls < count)
        {
            var seen = Volatile.Read(ref _callSeen);
            if (Calls >= count)
            {
                break;
            }

            await seen.Task.WaitAsync(cancel.Token);
        }
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            var upstream = new TcpClient();
            lock (_open)
            {
                _open.Add(client);
                _open.Add(upstream);
            }

            try
            {
                var endpoint = IPEndPoint.Parse(_target);
                await upstream.ConnectAsync(endpoint, _stop.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            _ = PumpRequestsAsync(client, upstream);
            _ = PumpAnswersAsync(upstream, client);
        }
    }

    private async Task PumpRequestsAsync(TcpClient from, TcpClient to)
    {
        var buffer = new byte[16384];
        var frames = new Http2FrameCounter(Http2PrefaceLength);
        try
        {
            var source = from.GetStream();
            var sink = to.GetStream();
            int read;
            while ((read = await source.ReadAsync(buffer, _stop.Token)) > 0)
            {
                await sink.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                var headers = frames.Count(buffer.AsSpan(0, read), HeadersFrame);
                if (headers > 0)
                {
                    Interlocked.Add(ref _calls, headers);
                    Interlocked.Exchange(ref _callSeen, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
        }
        finally
        {
            to.Dispose();
        }
    }

    private async Task PumpAnswersAsync(TcpClient from, TcpClient to)
    {
        var buffer = new byte[16384];
        try
        {
            var source = from.GetStream();
            var sink = to.GetStream();
            int read;
            while ((read = await source.ReadAsync(buffer, _stop.Token)) > 0)
            {
                await Volatile.Read(ref _released).Task.WaitAsync(_stop.Token);
                await sink.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
        }
        finally
        {
            // The relay went away (or closed): so does the plugin's connection.
            to.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_open)
        {
            foreach (var client in _open)
            {
                client.Dispose();
            }
        }

        _stop.Dispose();
    }

    /// <summary>Walks the HTTP/2 frames of one direction across reads: a 9-byte header (24-bit length, type, flags, stream id), then the payload.</summary>
    private sealed class Http2FrameCounter(int skip)
    {
        private readonly byte[] _header = new byte[9];
        private int _skip = skip;
        private int _headerFilled;

        public int Count(ReadOnlySpan<byte> data, byte type)
        {
            var found = 0;
            while (!data.IsEmpty)
            {
                if (_skip > 0)
                {
                    var n = Math.Min(_skip, data.Length);
                    _skip -= n;
                    data = data[n..];
                    continue;
                }

                var take = Math.Min(9 - _headerFilled, data.Length);
                data[..take].CopyTo(_header.AsSpan(_headerFilled));
                _headerFilled += take;
                data = data[take..];
                if (_headerFilled < 9)
                {
                    break;
                }

                _headerFilled = 0;
                _skip = (_header[0] << 16) | (_header[1] << 8) | _header[2];
                found += _header[3] == type ? 1 : 0;
            }

            return found;
        }
    }
}
