using System.Text;
using Punchout.Gateway.Configuration;
using Punchout.Protocols.Credentials;
using Punchout.Protocols.Cxml;

namespace Punchout.Gateway.Outbound;

/// <summary>The envelope of a document the gateway sends a buyer: From the supplier, To the buyer, and the supplier
/// as Sender; the buyer's SharedSecret is put into the Sender only for the attempt that sends it.</summary>
public static class OutboundEnvelopes
{
    /// <summary>The document as stored: From the supplier's credentials, To the buyer's, Sender the supplier's first
    /// credential with no SharedSecret.</summary>
    public static CxmlEnvelope Stored(CxmlRequestPayload payload, Buyer buyer, IReadOnlyList<CredentialOptions> supplier, string payloadId, DateTimeOffset timestamp, string userAgent, DeploymentMode deploymentMode, string? lang = null)
    {
        ArgumentNullException.ThrowIfNull(buyer);
        ArgumentNullException.ThrowIfNull(supplier);
        var from = supplier.Select(c => new Credential(c.Domain, c.Identity)).ToList();
        var to = buyer.Credentials.Select(c => new Credential(c.Domain, c.Identity)).ToList();
        return new CxmlEnvelope
        {
            PayloadId = payloadId,
            Timestamp = timestamp,
            Lang = lang ?? "en-US",
            Header = new CxmlHeader(from, to, new CxmlSender([from[0]], userAgent)),
            Body = new CxmlRequest(payload, deploymentMode),
        };
    }

    /// <summary>The bytes to post: the stored document with <paramref name="secret"/> in its Sender's credential.</summary>
    /// <exception cref="InvalidOperationException">The stored document cannot be read back: a bug.</exception>
    public static byte[] ForDelivery(string storedDocument, SharedSecret secret)
    {
        ArgumentNullException.ThrowIfNull(storedDocument);
        var read = CxmlReader.Read(Encoding.UTF8.GetBytes(storedDocument));
        if (read.Error is { } error || read.Document?.Header is not { } header)
        {
            throw new InvalidOperationException($"A stored outbound document cannot be read back: {read.Error?.ToString() ?? "it has no Header"}.");
        }

        var credentials = header.Sender.Credentials;
        var sender = header.Sender with { Credentials = [credentials[0] with { SharedSecret = secret }, .. credentials.Skip(1)] };
        return CxmlWriter.ToBytes(read.Document with { Header = header with { Sender = sender } });
    }
}
