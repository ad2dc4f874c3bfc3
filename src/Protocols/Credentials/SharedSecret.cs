using System.Security.Cryptography;
using System.Text;

namespace Punchout.Protocols.Credentials;

/// <summary>A SharedSecret as carried in a Sender credential.</summary>
/// <remarks>Its text never prints: <see cref="ToString"/> is a mask, so a logged model cannot leak it.</remarks>
public sealed class SharedSecret
{
    private readonly string value;

    /// <summary>Wraps the secret's text.</summary>
    public SharedSecret(string value) => this.value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>The secret's text, for the writer and the verifier only.</summary>
    public string Reveal() => value;

    /// <summary>A mask; never the secret.</summary>
    public override string ToString() => "***";

    /// <summary>Secrets compare by value (through their hashes, so neither where they differ nor their lengths show in the time taken).</summary>
    /// <remarks>Authentication uses <see cref="SharedSecretHash.Matches"/>; this serves models compared as values.</remarks>
    public override bool Equals(object? obj) =>
        obj is SharedSecret other && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(value)), SHA256.HashData(Encoding.UTF8.GetBytes(other.value)));

    /// <summary>The same for every secret, so that no hash of the secret is ever computed and kept.</summary>
    public override int GetHashCode() => 0;
}

/// <summary>The SHA-256 of a buyer's SharedSecret, against which presented secrets are checked in constant time.</summary>
public sealed class SharedSecretHash
{
    private readonly byte[] hash;

    private SharedSecretHash(byte[] hash) => this.hash = hash;

    /// <summary>From the secret's text as configured.</summary>
    public static SharedSecretHash FromSecret(string secret) => new(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>From the hex SHA-256 of the secret's UTF-8 bytes, so the secret itself need not be configured.</summary>
    /// <exception cref="FormatException">The text is not 64 hex digits.</exception>
    public static SharedSecretHash FromSha256Hex(string hex)
    {
        var bytes = Convert.FromHexString(hex.Trim());
        return bytes.Length == SHA256.HashSizeInBytes
            ? new SharedSecretHash(bytes)
            : throw new FormatException("A SHA-256 is 64 hex digits.");
    }

    /// <summary>Whether <paramref name="presented"/> is the secret; the time taken does not depend on where they differ, nor on its length.</summary>
    public bool Matches(SharedSecret? presented)
    {
        if (presented is null)
        {
            return false;
        }

        Span<byte> candidate = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented.Reveal()), candidate);
        return CryptographicOperations.FixedTimeEquals(candidate, hash);
    }

    /// <summary>A mask; never the hash.</summary>
    public override string ToString() => "***";
}
