using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SolidarityMarket.ServiceDefaults.Hosting;

namespace SolidarityMarket.ServiceDefaults.Auth;

/// <summary>
/// Encrypts the data-protection key ring at rest (see docs/adr/0031). With <c>DataProtection:CertificatePath</c> (a
/// PFX file, opened with <c>DataProtection:CertificatePassword</c>) every key written is encrypted with that
/// certificate; the certificates in <c>DataProtection:PreviousCertificatePaths</c> (a list, opened with the same
/// password) still decrypt keys written before a rotation. A configured certificate that cannot be used stops the
/// start here, naming the setting. Without one the keys are written in plain XML; in Production that is said once,
/// as a warning, at start.
/// </summary>
public static class KeyRingProtection
{
    public const string CertificatePathSetting = "DataProtection:CertificatePath";
    public const string CertificatePasswordSetting = "DataProtection:CertificatePassword";
    public const string PreviousCertificatePathsSetting = "DataProtection:PreviousCertificatePaths";

    public static IDataProtectionBuilder ProtectKeysAtRest(
        this IDataProtectionBuilder dataProtection, IConfiguration configuration, IHostEnvironment environment, string keysDirectory)
    {
        var path = configuration[CertificatePathSetting];
        var section = configuration.GetSection(PreviousCertificatePathsSetting);
        if (string.IsNullOrWhiteSpace(path) && (!string.IsNullOrWhiteSpace(section.Value) || section.GetChildren().Any()))
        {
            // Previous certificates only decrypt: without a current one (a misspelt setting, say) they would be ignored,
            // the keys they protect unreadable and every signed-in user's token refused.
            throw new InvalidOperationException(
                $"{PreviousCertificatePathsSetting}: set, but {CertificatePathSetting} is not; the previous certificates only decrypt keys "
                + "written before a rotation, beside the current one. Set the current certificate too.");
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            if (environment.IsProduction())
            {
                StartupWarning.Add(dataProtection.Services, typeof(KeyRingProtection),
                    "DataProtection:CertificatePath is not set: the data-protection key ring in {KeysDirectory} is stored unencrypted, and whoever can read that folder can forge any user's token. " +
                    "Set DataProtection:CertificatePath (and DataProtection:CertificatePassword) to encrypt it with a certificate, or make sure only the services can read the folder.",
                    keysDirectory);
            }

            return dataProtection;
        }

        var password = configuration[CertificatePasswordSetting];
        var current = Load(CertificatePathSetting, path, password);
        // A list (…:0, …:1); a single value set without an index is taken as a list of one rather than ignored.
        var previous = (string.IsNullOrWhiteSpace(section.Value)
                ? section.GetChildren().Where(entry => !string.IsNullOrWhiteSpace(entry.Value)).Select(entry => (Setting: entry.Path, Path: entry.Value!))
                : [(Setting: PreviousCertificatePathsSetting, Path: section.Value)])
            .Select(entry => Load(entry.Setting, entry.Path, password))
            .ToArray();

        // The current certificate encrypts new keys and decrypts them; the previous ones only decrypt.
        dataProtection.ProtectKeysWithCertificate(current);
        if (previous.Length > 0)
        {
            dataProtection.UnprotectKeysWithAnyCertificate(previous);
        }

        return dataProtection;
    }

    private static X509Certificate2 Load(string setting, string path, string? password)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new InvalidOperationException($"{setting}: no certificate file at '{fullPath}'. The data-protection key ring cannot be encrypted or read without it.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(fullPath, password);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException(
                $"{setting}: the certificate '{fullPath}' could not be opened (wrong {CertificatePasswordSetting}, or not a PFX/PKCS#12 file): {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{setting}: the certificate '{fullPath}' could not be read: {ex.Message}", ex);
        }

        using var privateKey = certificate.GetRSAPrivateKey();
        if (privateKey is null)
        {
            certificate.Dispose();
            throw new InvalidOperationException(
                $"{setting}: the certificate '{fullPath}' has no RSA private key; the key ring needs one to encrypt and decrypt its keys.");
        }

        return certificate;
    }
}
