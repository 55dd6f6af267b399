using System.Net.Sockets;

namespace SolidarityMarket.Testing;

/// <summary>The failures of an HTTP call that a client retries: the request never got an answer.</summary>
public static class TransportFailure
{
    /// <summary>
    /// Refused or reset connections and timeouts. While a process is killed and restarted, .NET can also throw a bare
    /// <see cref="SocketException"/> (ENOTCONN from reading the remote end point of a connection reset at once).
    /// </summary>
    public static bool Is(Exception ex) => ex is HttpRequestException or TaskCanceledException or IOException or SocketException;
}
