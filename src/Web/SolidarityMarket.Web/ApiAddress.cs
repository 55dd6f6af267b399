using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace SolidarityMarket.Web;

/// <summary>
/// The base address of the APIs the pages read: <see cref="WebOptions.ApiBaseUrl"/> when set, else the address this
/// host listens on (read from the server once it has started, a wildcard host replaced by loopback), so the embedded
/// host needs no setting and a UI deployed on its own only needs <c>Web:ApiBaseUrl</c>.
/// </summary>
public sealed class ApiAddress(IOptions<WebOptions> options, IServer server)
{
    private Uri? _own;

    public Uri BaseAddress => options.Value.ApiBaseUrl ?? (_own ??= OwnAddress());

    private Uri OwnAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The host listens on no address the UI can call; set Web:ApiBaseUrl.");
        return new Uri(Loopback(address));
    }

    /// <summary>A listening address with a wildcard host (<c>+</c>, <c>*</c>, <c>0.0.0.0</c>, <c>[::]</c>) as a loopback one.</summary>
    public static string Loopback(string address)
    {
        var schemeEnd = address.IndexOf("://", StringComparison.Ordinal) + 3;
        var bracketed = schemeEnd < address.Length && address[schemeEnd] == '[';
        var hostEnd = bracketed ? address.IndexOf(']', schemeEnd) + 1 : address.IndexOfAny([':', '/'], schemeEnd);
        if (hostEnd <= 0)
        {
            hostEnd = address.Length;
        }

        var host = address[schemeEnd..hostEnd];
        var loopback = host switch
        {
            "+" or "*" or "0.0.0.0" => "127.0.0.1",
            "[::]" => "[::1]",
            _ => host,
        };
        return address[..schemeEnd] + loopback + address[hostEnd..].TrimEnd('/') + "/";
    }
}
