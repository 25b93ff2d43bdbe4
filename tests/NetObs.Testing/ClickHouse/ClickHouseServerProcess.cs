using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security;

namespace NetObs.Testing.ClickHouse;

/// <summary>
/// One real clickhouse-server (Debian's 18.16; .ci/run installs it) running unprivileged from a generated config
/// under a scratch folder, listening on loopback only. Its config names a cluster of every server started together.
/// </summary>
public sealed class ClickHouseServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private Process _process;
    private bool _disposed;

    private ClickHouseServerProcess(Process process, string folder, int httpPort, int tcpPort)
    {
        _process = process;
        Folder = folder;
        HttpPort = httpPort;
        TcpPort = tcpPort;
    }

    public string Folder { get; }

    public int HttpPort { get; }

    public int TcpPort { get; }

    /// <summary>The running server's process id, for measures that read its CPU time (the ingest benchmark).</summary>
    public int ProcessId => _process.Id;

    /// <summary>host:port of the HTTP interface, as a store URI names it.</summary>
    public string HttpAddress => $"127.0.0.1:{HttpPort}";

    /// <summary>The server binary on PATH (or in /usr/sbin, where Debian puts it); fails with the fix when it is missing.</summary>
    public static string FindExecutable()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin")
            .Select(dir => Path.Combine(dir, "clickhouse-server"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "clickhouse-server is not installed: the ClickHouse tests start real 18.16 servers. " +
                "Install Debian's clickhouse-server and clickhouse-client packages (.ci/run does: apt-get install clickhouse-server clickhouse-client).");
    }

    /// <summary>Starts <paramref name="count"/> servers under <paramref name="root"/>, each with a cluster named <paramref name="clusterName"/> of all of them as shards.</summary>
    public static async Task<IReadOnlyList<ClickHouseServerProcess>> StartShardsAsync(int count, string clusterName, string root)
    {
        var executable = FindExecutable();
        var ports = FreePorts(count * 3);
        var tcpPorts = Enumerable.Range(0, count).Select(i => ports[(i * 3) + 1]).ToArray();
        var servers = new List<ClickHouseServerProcess>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var folder = Path.Combine(root, $"shard{i + 1}");
                servers.Add(Start(executable, folder, ports[i * 3], ports[(i * 3) + 1], ports[(i * 3) + 2], clusterName, tcpPorts));
            }

            await Task.WhenAll(servers.Select(s => s.WaitUntilReadyAsync()));
            return servers;
        }
        catch
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }

            throw;
        }
    }

    private static ClickHouseServerProcess Start(string executable, string folder, int httpPort, int tcpPort, int interserverPort, string clusterName, int[] shardTcpPorts)
    {
        Directory.CreateDirectory(folder);
        var configPath = Path.Combine(folder, "config.xml");
        File.WriteAllText(configPath, ServerConfig(folder, httpPort, tcpPort, interserverPort, clusterName, shardTcpPorts));
        File.WriteAllText(Path.Combine(folder, "users.xml"), UsersConfig);
        return new ClickHouseServerProcess(Launch(executable, configPath), folder, httpPort, tcpPort);
    }

    /// <summary>Kills the server (SIGKILL, as a crash or an out-of-memory kill would) and waits until it is gone; its data stays.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>Starts the killed server again on the same ports over the same data, and waits until it answers.</summary>
    public async Task StartAgainAsync()
    {
        await KillAsync();
        _process.Dispose();
        _process = Launch(FindExecutable(), Path.Combine(Folder, "config.xml"));
        await WaitUntilReadyAsync();
    }

    private static Process Launch(string executable, string configPath)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = Path.GetDirectoryName(configPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--config-file={configPath}");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"clickhouse-server did not start with {configPath}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"clickhouse-server exited with code {_process.ExitCode} while starting; see {Path.Combine(Folder, "error.log")}:\n{ErrorLogTail()}");
            }

            try
            {
                var reply = await http.GetStringAsync(new Uri($"http://{HttpAddress}/ping"));
                if (reply.StartsWith("Ok.", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but still busy starting.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"clickhouse-server on {HttpAddress} did not answer /ping within {ReadyTimeout.TotalSeconds} s:\n{ErrorLogTail()}");
    }

    private string ErrorLogTail()
    {
        var path = Path.Combine(Folder, "error.log");
        return File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(10)) : "(no error.log)";
    }

    private static int[] FreePorts(int count)
    {
        // Hold every listener until all are picked, so the same port is not handed out twice.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    // The keys are those of Debian's /etc/clickhouse-server/config.xml that name paths and ports (see flow-stores.md);
    // the rest keeps the defaults. ON CLUSTER DDL needs ZooKeeper on 18.16, so there is no distributed_ddl section.
    private static string ServerConfig(string folder, int httpPort, int tcpPort, int interserverPort, string clusterName, int[] shardTcpPorts)
    {
        var dir = SecurityElement.Escape(folder);
        var shards = string.Concat(shardTcpPorts.Select(port =>
            $"<shard><replica><host>127.0.0.1</host><port>{port}</port></replica></shard>"));
        return $"""
            <?xml version="1.0"?>
            <yandex>
              <logger><level>warning</level><log>{dir}/server.log</log><errorlog>{dir}/error.log</errorlog><console>0</console></logger>
              <listen_host>127.0.0.1</listen_host>
              <http_port>{httpPort}</http_port>
              <tcp_port>{tcpPort}</tcp_port>
              <interserver_http_port>{interserverPort}</interserver_http_port>
              <interserver_http_host>127.0.0.1</interserver_http_host>
              <path>{dir}/data/</path>
              <tmp_path>{dir}/tmp/</tmp_path>
              <user_files_path>{dir}/user_files/</user_files_path>
              <format_schema_path>{dir}/format_schemas/</format_schema_path>
              <users_config>users.xml</users_config>
              <default_profile>default</default_profile>
              <default_database>default</default_database>
              <mark_cache_size>5368709</mark_cache_size>
              <max_concurrent_queries>20</max_concurrent_queries>
              <remote_servers><{clusterName}>{shards}</{clusterName}></remote_servers>
            </yandex>
            """;
    }

    // A passwordless default user restricted to loopback, and a second user with a password so the URI's credentials are exercised.
    private const string UsersConfig = """
        <?xml version="1.0"?>
        <yandex>
          <profiles><default><max_memory_usage>1000000000</max_memory_usage></default></profiles>
          <users>
            <default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default>
            <recorder><password>s3cret&amp;pw</password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></recorder>
          </users>
          <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
        </yandex>
        """;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
