using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Punchout.Gateway.Sessions;

/// <summary>The source of unguessable values (session ids, tokens, payloadIDs); injected so tests can pin it.</summary>
public interface IRandomSource
{
    /// <summary>Fills <paramref name="buffer"/> with random bytes.</summary>
    void Fill(Span<byte> buffer);
}

/// <summary>Cryptographically strong random bytes.</summary>
public sealed class CryptoRandomSource : IRandomSource
{
    /// <inheritdoc />
    public void Fill(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);
}

/// <summary>Session ids and one-time tokens.</summary>
public static class SessionTokens
{
    /// <summary>A 256-bit token, URL-safe.</summary>
    public static string NewToken(IRandomSource random) => NewValue(random, 32);

    /// <summary>A 144-bit session id, URL-safe.</summary>
    public static string NewSessionId(IRandomSource random) => NewValue(random, 18);

    /// <summary>The hash a token is stored under, so that a copy of the store cannot be replayed.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether a token or id from a URL has the right shape, before the store is asked.</summary>
    public static bool LooksValid(string? value) =>
        value is { Length: >= 16 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string NewValue(IRandomSource random, int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        random.Fill(buffer);
        return Base64Url.EncodeToString(buffer);
    }
}
