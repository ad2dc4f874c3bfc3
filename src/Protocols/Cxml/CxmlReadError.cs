namespace Punchout.Protocols.Cxml;

/// <summary>Why a document could not be read.</summary>
public enum CxmlReadErrorKind
{
    /// <summary>Not well-formed XML.</summary>
    Malformed,

    /// <summary>Well-formed, but the root is not <c>cXML</c>.</summary>
    NotCxml,

    /// <summary>No Request, Response or Message, or one that carries nothing.</summary>
    NoBody,

    /// <summary>A required element or attribute is missing.</summary>
    MissingRequired,

    /// <summary>A value cannot be read (a number, a date, an enumeration).</summary>
    InvalidValue,

    /// <summary>Larger than the configured limit.</summary>
    TooLarge,

    /// <summary>Nested deeper than the configured limit.</summary>
    TooDeep,

    /// <summary>An element where cXML allows none: a second Request, Response or Message, or one in a namespace.
    /// Refused rather than skipped, so that what is read is what a signature covers.</summary>
    Unexpected,

    /// <summary>Valid cXML in a form the reader does not model, such as a header-level invoice.</summary>
    Unsupported,
}

/// <summary>A document the reader refused, with where: line and position (1-based; 0 when unknown) and the element path.</summary>
public sealed record CxmlReadError(CxmlReadErrorKind Kind, string Message, int Line, int Position, string? Path)
{
    /// <summary>The cXML status a receiver answers with: 499 for a document too large, 406 otherwise.</summary>
    public int StatusCode => Kind == CxmlReadErrorKind.TooLarge ? CxmlStatusCodes.DocumentTooLarge : CxmlStatusCodes.NotAcceptable;

    /// <summary>One line for a person: what is wrong and where.</summary>
    public override string ToString()
    {
        var where = Line > 0 ? $" (line {Line}, position {Position})" : string.Empty;
        var path = Path is null ? string.Empty : $" at {Path}";
        return $"{Message}{path}{where}";
    }
}

/// <summary>The outcome of reading a document: the envelope, or the error.</summary>
public sealed record CxmlReadResult
{
    private CxmlReadResult(CxmlEnvelope? document, CxmlReadError? error) => (Document, Error) = (document, error);

    /// <summary>The document, when it was read.</summary>
    public CxmlEnvelope? Document { get; }

    /// <summary>The error, when it was not.</summary>
    public CxmlReadError? Error { get; }

    internal static CxmlReadResult Success(CxmlEnvelope document) => new(document, null);

    internal static CxmlReadResult Failure(CxmlReadError error) => new(null, error);
}
