using System.Security.Cryptography;
using System.Text;
using Punchout.Protocols.Cxml;

namespace Punchout.Protocols.Credentials;

/// <summary>Why a <see cref="CredentialMac"/> was accepted or refused.</summary>
public enum CredentialMacStatus
{
    /// <summary>The value is right and now lies between creationDate and expirationDate.</summary>
    Valid,

    /// <summary>The value is not the MAC of these credentials and dates under the receiver's secret.</summary>
    WrongValue,

    /// <summary>The creationDate is not yet past.</summary>
    NotYetValid,

    /// <summary>The expirationDate is past.</summary>
    Expired,

    /// <summary>The type is not <c>FromSenderCredentials</c> or the algorithm is not <c>HMAC-SHA1-96</c>.</summary>
    Unsupported,

    /// <summary>The creationDate or expirationDate is not a date and time.</summary>
    UnreadableDates,
}

/// <summary>Computes and verifies the <c>CredentialMac</c> a hub hands out in place of the SharedSecret (PROTOCOLS.md §1).</summary>
/// <remarks>The MAC is HMAC-SHA1 over From@domain, From/Identity, Sender@domain, Sender/Identity, creationDate and
/// expirationDate, each as UTF-8 followed by a 0x00 byte, truncated to 12 bytes and written in base64. Domains are
/// lower-cased except case-sensitive ones (AribaNetworkUserId), identities trimmed and lower-cased, dates taken as sent;
/// the key is the receiver's SharedSecret as configured.</remarks>
public static class CredentialMacs
{
    /// <summary>The only <c>type</c> defined: a MAC over the From and Sender credentials.</summary>
    public const string FromSenderCredentials = "FromSenderCredentials";

    /// <summary>The only <c>algorithm</c> defined: HMAC-SHA1 truncated to 96 bits.</summary>
    public const string HmacSha196 = "HMAC-SHA1-96";

    private const int MacBytes = 12;

    // Domains whose values are compared with their letter case, so their names are not lower-cased either.
    private static readonly HashSet<string> CaseSensitiveDomains = new(StringComparer.OrdinalIgnoreCase) { "AribaNetworkUserId" };

    /// <summary>The base64 MAC (16 characters) of <paramref name="from"/> and <paramref name="sender"/> between the two dates.</summary>
    public static string Compute(Credential from, Credential sender, string creationDate, string expirationDate, SharedSecret key)
    {
        Span<byte> mac = stackalloc byte[MacBytes];
        ComputeBytes(from, sender, creationDate, expirationDate, key, mac);
        return Convert.ToBase64String(mac);
    }

    /// <summary>Checks <paramref name="mac"/> against the receiver's <paramref name="key"/> and the time now.</summary>
    /// <remarks>The value is compared in constant time; the dates are checked only when the value is right, so a
    /// forged MAC is reported as <see cref="CredentialMacStatus.WrongValue"/> whatever its dates.</remarks>
    public static CredentialMacStatus Verify(CredentialMac mac, Credential from, Credential sender, SharedSecret key, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(mac);
        ArgumentNullException.ThrowIfNull(clock);
        if (!string.Equals(mac.Type.Trim(), FromSenderCredentials, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(mac.Algorithm.Trim(), HmacSha196, StringComparison.OrdinalIgnoreCase))
        {
            return CredentialMacStatus.Unsupported;
        }

        if (!CxmlTimestamp.TryParse(mac.CreationDate, out var created) || !CxmlTimestamp.TryParse(mac.ExpirationDate, out var expires))
        {
            return CredentialMacStatus.UnreadableDates;
        }

        Span<byte> expected = stackalloc byte[MacBytes];
        ComputeBytes(from, sender, mac.CreationDate, mac.ExpirationDate, key, expected);
        Span<byte> presented = stackalloc byte[MacBytes * 2];
        var readable = Convert.TryFromBase64String(mac.Value.Trim(), presented, out var written) && written == MacBytes;
        var matches = CryptographicOperations.FixedTimeEquals(presented[..MacBytes], expected);
        if (!(readable && matches))
        {
            return CredentialMacStatus.WrongValue;
        }

        var now = clock.GetUtcNow();
        return now <= created ? CredentialMacStatus.NotYetValid
            : now >= expires ? CredentialMacStatus.Expired
            : CredentialMacStatus.Valid;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "cXML defines CredentialMac as HMAC-SHA1-96; HMAC-SHA1 is not broken by SHA-1's collisions.")]
    private static void ComputeBytes(Credential from, Credential sender, string creationDate, string expirationDate, SharedSecret key, Span<byte> mac)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(creationDate);
        ArgumentNullException.ThrowIfNull(expirationDate);
        ArgumentNullException.ThrowIfNull(key);
        var input = new StringBuilder()
            .Append(Domain(from.Domain)).Append('\0')
            .Append(Identity(from.Identity)).Append('\0')
            .Append(Domain(sender.Domain)).Append('\0')
            .Append(Identity(sender.Identity)).Append('\0')
            .Append(creationDate).Append('\0')
            .Append(expirationDate).Append('\0')
            .ToString();
        Span<byte> full = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(Encoding.UTF8.GetBytes(key.Reveal()), Encoding.UTF8.GetBytes(input), full);
        full[..MacBytes].CopyTo(mac);
    }

    private static string Domain(string domain)
    {
        var trimmed = domain.Trim();
        return CaseSensitiveDomains.Contains(trimmed) ? trimmed : trimmed.ToLowerInvariant();
    }

    private static string Identity(string identity) => identity.Trim().ToLowerInvariant();
}
