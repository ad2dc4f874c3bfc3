using Punchout.Gateway.Configuration;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Signatures;

namespace Punchout.Gateway.Cxml;

/// <summary>Applies a buyer's <c>Cxml:Signature</c> options to an authenticated document.</summary>
/// <remarks>An unsigned document is refused (475) only when the buyer requires signatures. A signed one is verified
/// whenever the buyer trusts at least one certificate (476 when it does not verify, 477 when it is not acceptable); with
/// no certificate trusted its signature is not checked, and the document is taken as an unsigned one.</remarks>
public static class CxmlSignaturePolicy
{
    /// <summary>Why <paramref name="document"/> is refused; null when it may go on.</summary>
    /// <param name="buyer">The authenticated buyer.</param>
    /// <param name="document">The document as read.</param>
    /// <param name="body">The document's bytes as received: what the signature covers.</param>
    public static CxmlSignatureCheck? Refusal(Buyer buyer, CxmlEnvelope document, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(buyer);
        ArgumentNullException.ThrowIfNull(document);
        var missing = new CxmlSignatureCheck(CxmlSignatureStatus.Missing, "The buyer's documents must be signed, and this one carries no ds:Signature.");
        if (!document.HasSignature || buyer.TrustedCertificates.Count == 0)
        {
            return buyer.SignatureRequired && !document.HasSignature ? missing : null;
        }

        var check = CxmlSignatureVerifier.Verify(body, buyer.TrustedCertificates);
        return check.Status switch
        {
            CxmlSignatureStatus.Verified => null,
            CxmlSignatureStatus.Missing => buyer.SignatureRequired ? missing : null,
            _ => check,
        };
    }
}
