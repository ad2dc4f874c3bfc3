using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Punchout.TestSupport;

/// <summary>Certificates made at test time, so no key material is kept in the repository.</summary>
public static class TestCertificates
{
    /// <summary>A self-signed RSA-2048 certificate with its private key, valid from a day ago for a year.</summary>
    public static X509Certificate2 SelfSigned(string commonName = "Punchout Test Signer")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
    }

    /// <summary>The certificate's public part as base64 DER, as a buyer's TrustedCertificates entry.</summary>
    public static string Base64(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToBase64String(certificate.RawData);
    }
}
