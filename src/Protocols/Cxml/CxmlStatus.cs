namespace Punchout.Protocols.Cxml;

/// <summary>A cXML <c>Status</c>: a code, its text, and the detail of a problem as content.</summary>
public sealed record CxmlStatus(int Code, string Text, string? Detail = null)
{
    /// <summary>200: processed or delivered.</summary>
    public static CxmlStatus Ok { get; } = new(CxmlStatusCodes.Ok, "OK");

    /// <summary>Whether the code is in the 2xx class.</summary>
    public bool IsSuccess => Code is >= 200 and < 300;

    /// <summary>A status with the standard text of <paramref name="code"/> and the given detail.</summary>
    public static CxmlStatus Of(int code, string? detail = null) => new(code, CxmlStatusCodes.TextOf(code), detail);
}

/// <summary>The status codes of the cXML specification that the gateway answers with.</summary>
public static class CxmlStatusCodes
{
    /// <summary>Processed or delivered.</summary>
    public const int Ok = 200;

    /// <summary>Accepted and queued; a StatusUpdateRequest follows.</summary>
    public const int Accepted = 201;

    /// <summary>No content: in a PunchOutOrderMessage, the session ended with the cart unchanged.</summary>
    public const int NoContent = 204;

    /// <summary>Parsed but unacceptable.</summary>
    public const int BadRequest = 400;

    /// <summary>The Sender's credential is unknown or its secret is wrong.</summary>
    public const int Unauthorized = 401;

    /// <summary>The user lacks the privilege.</summary>
    public const int Forbidden = 403;

    /// <summary>Unparseable or invalid against the DTD.</summary>
    public const int NotAcceptable = 406;

    /// <summary>Conflicts with the state of the receiver.</summary>
    public const int Conflict = 409;

    /// <summary>A precondition failed.</summary>
    public const int PreconditionFailed = 412;

    /// <summary>The request is not implemented.</summary>
    public const int NotImplemented = 450;

    /// <summary>The receiver requires a signed document and this one is not signed.</summary>
    public const int SignatureRequired = 475;

    /// <summary>The document's signature does not verify: it was changed after signing.</summary>
    public const int SignatureVerificationFailed = 476;

    /// <summary>The signature verifies but is not acceptable (an untrusted certificate, a layout outside cXML's).</summary>
    public const int SignatureUnacceptable = 477;

    /// <summary>The document is too large.</summary>
    public const int DocumentTooLarge = 499;

    /// <summary>Internal error.</summary>
    public const int InternalError = 500;

    /// <summary>Temporarily unavailable; retry later.</summary>
    public const int TemporarilyUnavailable = 560;

    /// <summary>The standard text of a status code.</summary>
    public static string TextOf(int code) => code switch
    {
        Ok => "OK",
        Accepted => "Accepted",
        NoContent => "No Content",
        BadRequest => "Bad Request",
        Unauthorized => "Unauthorized",
        Forbidden => "Forbidden",
        NotAcceptable => "Not Acceptable",
        Conflict => "Conflict",
        PreconditionFailed => "Precondition Failed",
        NotImplemented => "Not Implemented",
        SignatureRequired => "Signature Required",
        SignatureVerificationFailed => "Signature Verification Failed",
        SignatureUnacceptable => "Signature Unacceptable",
        DocumentTooLarge => "Document Too Large",
        InternalError => "Internal Server Error",
        TemporarilyUnavailable => "Temporarily Unavailable",
        _ => code switch
        {
            >= 200 and < 300 => "OK",
            >= 400 and < 500 => "Bad Request",
            _ => "Internal Server Error",
        },
    };
}
