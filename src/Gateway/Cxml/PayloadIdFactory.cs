using Punchout.Gateway.Sessions;

namespace Punchout.Gateway.Cxml;

/// <summary>payloadIDs of the form cXML recommends: <c>datetime.process.random@host</c>.</summary>
public sealed class PayloadIdFactory(TimeProvider clock, IRandomSource random)
{
    private static readonly string Host = new([.. Environment.MachineName.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.')]);

    /// <summary>A new payloadID.</summary>
    public string Next()
    {
        Span<byte> bytes = stackalloc byte[8];
        random.Fill(bytes);
        return $"{clock.GetUtcNow().ToUnixTimeMilliseconds()}.{Environment.ProcessId}.{Convert.ToHexStringLower(bytes)}@{(Host.Length > 0 ? Host : "punchout")}";
    }
}
