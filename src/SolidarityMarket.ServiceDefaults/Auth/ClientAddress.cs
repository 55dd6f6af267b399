using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace SolidarityMarket.ServiceDefaults.Auth;

/// <summary>
/// Who is asking, for rate limits: the connection's remote address, which is the client's own only when no proxy
/// stands between, or when the proxy is trusted by <c>ReverseProxy:*</c> (<see cref="Web.ForwardedHeadersSetup"/>).
/// An IPv6 client counts by its /64: one host usually gets a whole /64 and could otherwise change address at will.
/// </summary>
public static class ClientAddress
{
    public static string PartitionKey(HttpContext context) => PartitionKey(context.Connection.RemoteIpAddress);

    public static string PartitionKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
