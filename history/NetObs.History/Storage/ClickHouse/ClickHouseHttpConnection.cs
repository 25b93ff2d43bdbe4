using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace NetObs.History.Storage.ClickHouse;

/// <summary>
/// ClickHouse's HTTP interface with plain HttpClient: statements in the POST body, INSERT statements in the
/// <c>query</c> parameter with the rows as body. ClickHouse.Driver cannot talk to 18.16 (it sends settings and
/// formats 18.16 does not know; see flow-stores.md), and the HTTP interface is the same on current releases.
/// </summary>
public sealed class ClickHouseHttpConnection : IClickHouseConnection
{
    private readonly HttpClient _http;
    private readonly Uri _baseUri;
    private readonly string _storeDisplay;

    public ClickHouseHttpConnection(string hostAndPort, string? user, string? password, string storeDisplay, TimeSpan timeout)
    {
        Address = hostAndPort;
        _storeDisplay = storeDisplay;
        _baseUri = new Uri($"http://{hostAndPort}/");
        _http = new HttpClient { Timeout = timeout };
        if (user is not null)
        {
            _http.DefaultRequestHeaders.Add("X-ClickHouse-User", user);
        }

        if (password is not null)
        {
            _http.DefaultRequestHeaders.Add("X-ClickHouse-Key", password);
        }
    }

    public string Address { get; }

    public async Task<byte[]> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(sql));
        return await SendAsync(_baseUri, content, sql, cancellationToken).ConfigureAwait(false);
    }

    public async Task InsertAsync(string insertStatement, ReadOnlyMemory<byte> rows, CancellationToken cancellationToken)
    {
        // insert_distributed_sync: an INSERT into a Distributed table returns once every shard has its rows, so a
        // batch is durable (and visible through any server) when AppendAsync completes; local tables ignore it.
        var uri = new Uri(_baseUri, "?insert_distributed_sync=1&query=" + Uri.EscapeDataString(insertStatement));
        using var content = new ReadOnlyMemoryContent(rows);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/tab-separated-values");
        await SendAsync(uri, content, insertStatement, cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]> SendAsync(Uri uri, HttpContent content, string sql, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync(uri, content, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new FlowStoreException(
                $"ClickHouse at {Address} ({_storeDisplay}) cannot be reached: {Reason(e)}. " +
                "Check that clickhouse-server runs and that the URI names its HTTP port (8123 by default, not the native 9000).",
                e)
            {
                OutcomeUnknown = !NeverSent(e),
            };
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FlowStoreException(
                $"ClickHouse at {Address} ({_storeDisplay}) did not answer within {_http.Timeout.TotalSeconds:0} s ({Excerpt(sql)}). " +
                "Check the server's load and its error log.",
                e)
            {
                OutcomeUnknown = true,
            };
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return body;
            }

            var reply = FirstLine(Encoding.UTF8.GetString(body));
            throw new FlowStoreException(Explain(response.StatusCode, reply, sql));
        }
    }

    private string Explain(HttpStatusCode status, string reply, string sql)
    {
        var what = $"ClickHouse at {Address} ({_storeDisplay}) rejected '{Excerpt(sql)}' (HTTP {(int)status}): {reply}";
        if (reply.Contains("Code: 516", StringComparison.Ordinal) || reply.Contains("Code: 192", StringComparison.Ordinal)
            || reply.Contains("Code: 193", StringComparison.Ordinal) || reply.Contains("Authentication failed", StringComparison.OrdinalIgnoreCase))
        {
            return what + " Check the user and password in the store URI (clickhouse://USER:PASSWORD@HOST:PORT/DB).";
        }

        if (reply.Contains("Code: 81", StringComparison.Ordinal) || reply.Contains("Code: 60", StringComparison.Ordinal))
        {
            return what + " The database or table is missing; the store creates them at start, so restart netobs-history or check that the user may create them.";
        }

        if (reply.Contains("Code: 170", StringComparison.Ordinal))
        {
            return what + " The cluster named in the URI is not in this server's <remote_servers>; fix ?cluster=NAME or the server's config.";
        }

        return what + " Check the server's error log; if the server is full or read-only, free space or fix its permissions.";
    }

    /// <summary>
    /// Only a refused connection or an unknown host proves the server never saw the request; a reset or a reply cut
    /// short may follow a committed INSERT (the server killed between committing and answering).
    /// </summary>
    private static bool NeverSent(HttpRequestException e) =>
        e.HttpRequestError == HttpRequestError.NameResolutionError
        || (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable });

    private static string Reason(HttpRequestException e) =>
        e.HttpRequestError switch
        {
            HttpRequestError.ConnectionError => "connection refused or reset",
            HttpRequestError.NameResolutionError => "the host name does not resolve",
            HttpRequestError.ResponseEnded => "the server closed the connection mid-reply",
            _ => "the request failed",
        };

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length <= 300 ? line : line[..300] + "…";
    }

    private static string Excerpt(string sql)
    {
        var oneLine = sql.ReplaceLineEndings(" ");
        return oneLine.Length <= 60 ? oneLine : oneLine[..60] + "…";
    }

    public void Dispose() => _http.Dispose();
}
