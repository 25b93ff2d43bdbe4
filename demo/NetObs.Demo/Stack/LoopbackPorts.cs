using System.Net;
using System.Net.Sockets;

namespace NetObs.Demo.Stack;

/// <summary>Free TCP ports on 127.0.0.1 for programs that cannot be told to pick their own (Prometheus).</summary>
internal static class LoopbackPorts
{
    /// <summary>Asks the OS for a free port and releases it; the caller binds it right away.</summary>
    public static int FindFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
