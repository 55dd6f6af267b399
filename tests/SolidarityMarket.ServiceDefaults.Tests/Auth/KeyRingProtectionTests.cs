using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;

namespace SolidarityMarket.ServiceDefaults.Tests.Auth;

/// <summary>
/// The key ring encrypted at rest with a certificate (<see cref="KeyRingProtection"/>): the key files hold no
/// plain key, a second process configured the same way reads the first one's tokens, keys written under a
/// previous certificate still decrypt after a rotation, a certificate that cannot be used stops the start naming
/// its setting, and Production without a certificate says once that the ring is stored unencrypted.
/// </summary>
public sealed class KeyRingProtectionTests : IDisposable
{
    private const string Password = "pfx-pass-1!";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"keyring-{Guid.NewGuid():N}");

    public KeyRingProtectionTests() => Directory.CreateDirectory(_directory);

    private string Keys => Path.Combine(_directory, "keys");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task With_a_certificate_the_key_file_holds_an_encrypted_secret_and_no_plain_master_key()
    {
        using var certificate = NewCertificate("current");
        var pfx = WritePfx(certificate, "current.pfx", Password);
        var logs = new CapturedLogs(LogLevel.Warning);
        using var host = BuildHost(Environments.Production, WithCertificate(pfx), logs);
        await host.StartAsync(TestContext.Current.CancellationToken);
        _ = host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("payload");
        await host.StopAsync(TestContext.Current.CancellationToken);

        var key = XDocument.Load(Assert.Single(Directory.GetFiles(Keys, "*.xml")));
        var secret = Assert.Single(Named(key, "encryptedSecret"));
        Assert.Empty(Named(key, "masterKey"));
        Assert.DoesNotContain("unencrypted form", key.ToString(), StringComparison.Ordinal);
        Assert.Equal(Convert.ToBase64String(certificate.RawData), EncryptingCertificate(secret));
        // Neither our warning nor the framework's "No XML encryptor configured".
        Assert.DoesNotContain(logs.Entries, w => w.Message.Contains("unencrypted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_issued_by_one_process_is_read_by_a_second_configured_with_the_same_certificate()
    {
        using var certificate = NewCertificate("current");
        var pfx = WritePfx(certificate, "current.pfx", Password);
        var ticket = new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "admin-1"), new Claim(ClaimTypes.Role, Roles.Admin)], "Identity.Bearer")),
            new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddMinutes(10) },
            IdentityConstants.BearerScheme);

        string token;
        using (var first = BuildHost(Environments.Production, WithCertificate(pfx)))
        {
            token = BearerFormat(first).Protect(ticket);
        }

        using var second = BuildHost(Environments.Production, WithCertificate(pfx));
        var read = BearerFormat(second).Unprotect(token);

        Assert.NotNull(read);
        Assert.Equal("admin-1", read.Principal.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.True(read.Principal.IsInRole(Roles.Admin));
        Assert.Single(Directory.GetFiles(Keys, "*.xml"));
    }

    [Fact]
    public void After_a_rotation_keys_written_under_the_previous_certificate_still_decrypt_and_new_keys_use_the_new_one()
    {
        using var oldCertificate = NewCertificate("old");
        using var newCertificate = NewCertificate("new");
        var oldPfx = WritePfx(oldCertificate, "old.pfx", Password);
        var newPfx = WritePfx(newCertificate, "new.pfx", Password);

        string protectedPayload;
        using (var before = BuildHost(Environments.Production, WithCertificate(oldPfx)))
        {
            protectedPayload = Protector(before).Protect("written before the rotation");
        }

        var oldKeyFile = Assert.Single(Directory.GetFiles(Keys, "*.xml"));

        using (var after = BuildHost(Environments.Production, WithCertificate(newPfx, previous: [oldPfx])))
        {
            Assert.Equal("written before the rotation", Protector(after).Unprotect(protectedPayload));

            var now = DateTimeOffset.UtcNow;
            after.Services.GetRequiredService<IKeyManager>().CreateNewKey(now, now.AddDays(90));
            var newKeyFile = Assert.Single(Directory.GetFiles(Keys, "*.xml"), f => f != oldKeyFile);
            var secret = Assert.Single(Named(XDocument.Load(newKeyFile), "encryptedSecret"));
            Assert.Equal(Convert.ToBase64String(newCertificate.RawData), EncryptingCertificate(secret));
        }

        // Without the previous certificate the old key cannot be read: PreviousCertificatePaths is what kept it.
        using var forgotten = BuildHost(Environments.Production, WithCertificate(newPfx));
        Assert.ThrowsAny<CryptographicException>(() => Protector(forgotten).Unprotect(protectedPayload));
    }

    public static TheoryData<string, string> Unusable => new()
    {
        { "missing file", KeyRingProtection.CertificatePathSetting },
        { "wrong password", KeyRingProtection.CertificatePathSetting },
        { "no private key", KeyRingProtection.CertificatePathSetting },
        { "not a certificate", KeyRingProtection.CertificatePathSetting },
        { "previous missing", KeyRingProtection.PreviousCertificatePathsSetting + ":0" },
        { "previous missing, set without an index", KeyRingProtection.PreviousCertificatePathsSetting },
        { "previous without a current one", KeyRingProtection.PreviousCertificatePathsSetting },
    };

    [Theory]
    [MemberData(nameof(Unusable))]
    public void A_configured_certificate_that_cannot_be_used_stops_the_start_naming_its_setting(string problem, string setting)
    {
        using var certificate = NewCertificate("current");
        var good = WritePfx(certificate, "current.pfx", Password);
        using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);
        var settings = problem switch
        {
            "missing file" => WithCertificate(Path.Combine(_directory, "nowhere.pfx")),
            "wrong password" => WithCertificate(good, password: "not-the-password"),
            "no private key" => WithCertificate(WritePfx(publicOnly, "public-only.pfx", Password)),
            "not a certificate" => WithCertificate(WriteText("garbage.pfx", "not a PKCS#12 file")),
            "previous missing" => WithCertificate(good, previous: [Path.Combine(_directory, "old-and-gone.pfx")]),
            "previous without a current one" => new Dictionary<string, string?> { [KeyRingProtection.PreviousCertificatePathsSetting + ":0"] = good },
            _ => new Dictionary<string, string?>(WithCertificate(good))
            {
                [KeyRingProtection.PreviousCertificatePathsSetting] = Path.Combine(_directory, "old-and-gone.pfx"),
            },
        };

        var refused = Assert.Throws<InvalidOperationException>(() => BuildHost(Environments.Production, settings));

        Assert.StartsWith(setting + ":", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_without_a_certificate_warns_once_at_start_that_the_key_ring_is_unencrypted()
    {
        var logs = new CapturedLogs(LogLevel.Warning);
        using var host = BuildHost(Environments.Production, [], logs);

        await host.StartAsync(TestContext.Current.CancellationToken);
        _ = Protector(host).Protect("payload");
        _ = Protector(host).Protect("another");
        await host.StopAsync(TestContext.Current.CancellationToken);

        var warning = Assert.Single(logs.Entries, w => w.Category == typeof(KeyRingProtection).FullName);
        Assert.Contains("DataProtection:CertificatePath", warning.Message, StringComparison.Ordinal);
        Assert.Contains("stored unencrypted", warning.Message, StringComparison.Ordinal);
        Assert.Contains(Keys, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_without_a_certificate_starts_quietly_with_a_plain_key_ring()
    {
        var logs = new CapturedLogs(LogLevel.Warning);
        using var host = BuildHost(Environments.Development, [], logs);

        await host.StartAsync(TestContext.Current.CancellationToken);
        _ = Protector(host).Protect("payload");
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.DoesNotContain(logs.Entries, w => w.Category == typeof(KeyRingProtection).FullName);
        // The same check as with a certificate, seen to tell the two apart.
        var key = XDocument.Load(Assert.Single(Directory.GetFiles(Keys, "*.xml")));
        Assert.Empty(Named(key, "encryptedSecret"));
        Assert.Single(Named(key, "masterKey"));
    }

    private IHost BuildHost(string environment, Dictionary<string, string?> settings, CapturedLogs? logs = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = environment,
            DisableDefaults = true,
            ContentRootPath = _directory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["Storage:Directory"] = _directory,
            ["DataProtection:KeysDirectory"] = Keys,
        });
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.AddSolidarityAuth();
        return builder.Build();
    }

    private static Dictionary<string, string?> WithCertificate(string path, string password = Password, string[]? previous = null)
    {
        var settings = new Dictionary<string, string?>
        {
            [KeyRingProtection.CertificatePathSetting] = path,
            [KeyRingProtection.CertificatePasswordSetting] = password,
        };
        for (var i = 0; i < (previous?.Length ?? 0); i++)
        {
            settings[$"{KeyRingProtection.PreviousCertificatePathsSetting}:{i}"] = previous![i];
        }

        return settings;
    }

    /// <summary>The elements of that local name, whatever their namespace (<c>encryptedSecret</c> has the data-protection one).</summary>
    private static IEnumerable<XElement> Named(XContainer key, string localName) => key.Descendants().Where(e => e.Name.LocalName == localName);

    private static IDataProtector Protector(IHost host) =>
        host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("KeyRingProtectionTests");

    private static ISecureDataFormat<AuthenticationTicket> BearerFormat(IHost host) =>
        host.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme).BearerTokenProtector;

    /// <summary>The certificate the encrypted key names (base64 DER), as the framework writes it into the XML.</summary>
    private static string EncryptingCertificate(XElement encryptedSecret) =>
        Assert.Single(encryptedSecret.Descendants(), e => e.Name.LocalName == "X509Certificate").Value;

    private static X509Certificate2 NewCertificate(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=SolidarityMarket key ring test {name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    private string WritePfx(X509Certificate2 certificate, string fileName, string password)
    {
        var path = Path.Combine(_directory, fileName);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }

    private string WriteText(string fileName, string text)
    {
        var path = Path.Combine(_directory, fileName);
        File.WriteAllText(path, text);
        return path;
    }
}
