using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Punchout.Protocols.Signatures;

/// <summary>Reads a trusted certificate as configured: base64 of its DER bytes, with or without the PEM
/// <c>-----BEGIN CERTIFICATE-----</c> armour; white space and line breaks anywhere are ignored.</summary>
public static class TrustedCertificate
{
    /// <summary>The certificate, or null when <paramref name="text"/> is not one.</summary>
    public static X509Certificate2? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var base64 = text;
        if (PemEncoding.TryFind(text, out var pem))
        {
            if (!text.AsSpan()[pem.Label].SequenceEqual("CERTIFICATE"))
            {
                return null;
            }

            base64 = text[pem.Base64Data];
        }

        try
        {
            return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(string.Concat(base64.Where(c => !char.IsWhiteSpace(c)))));
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return null;
        }
    }
}
