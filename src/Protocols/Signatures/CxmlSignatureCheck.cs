using Punchout.Protocols.Cxml;

namespace Punchout.Protocols.Signatures;

/// <summary>How a cXML document's XML signature fared.</summary>
public enum CxmlSignatureStatus
{
    /// <summary>Signed in the cXML layout by a trusted certificate, and the signature verifies.</summary>
    Verified,

    /// <summary>The document carries no <c>ds:Signature</c> (cXML 475).</summary>
    Missing,

    /// <summary>The signature does not verify: the body or cXMLSignedInfo was changed after signing (cXML 476).</summary>
    DoesNotVerify,

    /// <summary>The signature is not acceptable: an untrusted certificate, cXMLSignedInfo not matching the document, or
    /// references, Ids or algorithms outside the cXML layout (cXML 477).</summary>
    Unacceptable,
}

/// <summary>The outcome of checking a document's signature, with the problem in words (never key material).</summary>
/// <param name="Status">The outcome.</param>
/// <param name="Problem">What is wrong, for the log and the Status detail; null when verified.</param>
/// <param name="CertificateThumbprint">The SHA-256 thumbprint of the signing certificate, when one was read.</param>
public sealed record CxmlSignatureCheck(CxmlSignatureStatus Status, string? Problem = null, string? CertificateThumbprint = null)
{
    /// <summary>The cXML status code of this outcome: 200, 475, 476 or 477.</summary>
    public int StatusCode => Status switch
    {
        CxmlSignatureStatus.Verified => CxmlStatusCodes.Ok,
        CxmlSignatureStatus.Missing => CxmlStatusCodes.SignatureRequired,
        CxmlSignatureStatus.DoesNotVerify => CxmlStatusCodes.SignatureVerificationFailed,
        _ => CxmlStatusCodes.SignatureUnacceptable,
    };

    internal static CxmlSignatureCheck Unacceptable(string problem, string? thumbprint = null) => new(CxmlSignatureStatus.Unacceptable, problem, thumbprint);
}
