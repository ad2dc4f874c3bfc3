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
/// <remarks>A token is <c>{sessionId}.{256 random bits}</c>: the session id lets the store keep the token beside its
/// session (one Redis Cluster slot), the random part makes it unguessable, and only its hash is stored.</remarks>
public static class SessionTokens
{
    /// <summary>A one-time token for the session <paramref name="sessionId"/>, URL-safe.</summary>
    public static string NewToken(IRandomSource random, string sessionId) => $"{sessionId}.{NewValue(random, 32)}";

    /// <summary>A 144-bit session id, URL-safe.</summary>
    public static string NewSessionId(IRandomSource random) => NewValue(random, 18);

    /// <summary>The hash a token is stored under, so that a copy of the store cannot be replayed.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether a session id from a URL has the right shape, before the store is asked.</summary>
    public static bool LooksValid(string? sessionId) =>
        sessionId is { Length: >= 16 and <= 64 } && sessionId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The session a token from a URL belongs to; false when the token does not have a token's shape.</summary>
    public static bool TryParse(string? token, out string sessionId)
    {
        sessionId = string.Empty;
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot < 0 || !LooksValid(token![..dot]) || !LooksValid(token[(dot + 1)..]))
        {
            return false;
        }

        sessionId = token[..dot];
        return true;
    }

    private static string NewValue(IRandomSource random, int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        random.Fill(buffer);
        return Base64Url.EncodeToString(buffer);
    }
}
