namespace Punchout.Protocols.Cxml;

/// <summary>A cXML document: the <c>cXML</c> root with its header and exactly one body.</summary>
public sealed record CxmlEnvelope
{
    /// <summary>The sender's unique id for this document; kept unchanged on retries, so receivers use it to spot duplicates.</summary>
    public required string PayloadId { get; init; }

    /// <summary>When the document was first created.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The default locale of free text (<c>xml:lang</c>).</summary>
    public string? Lang { get; init; }

    /// <summary>The cXML version named by the DOCTYPE, when the document has one (e.g. <c>1.2.050</c>).</summary>
    public string? DtdVersion { get; init; }

    /// <summary>The <c>signatureVersion</c> attribute: present only on signed documents.</summary>
    public string? SignatureVersion { get; init; }

    /// <summary>Whether the document carries a <c>ds:Signature</c> after its body.</summary>
    public bool HasSignature { get; init; }

    /// <summary>From, To and Sender; absent on a Response.</summary>
    public CxmlHeader? Header { get; init; }

    /// <summary>The Request, Response or Message this document carries.</summary>
    public required CxmlBody Body { get; init; }
}

/// <summary>The <c>Header</c>: the logical source and target, and the party that opened the connection.</summary>
public sealed record CxmlHeader(IReadOnlyList<Credential> From, IReadOnlyList<Credential> To, CxmlSender Sender);

/// <summary>The <c>Sender</c>: its credentials (one may carry the SharedSecret) and its user agent.</summary>
public sealed record CxmlSender(IReadOnlyList<Credential> Credentials, string UserAgent);

/// <summary>Whether a Request or Message is meant for production or for testing.</summary>
public enum DeploymentMode
{
    /// <summary>The default: a real transaction.</summary>
    Production,

    /// <summary>A test transaction (Ariba test accounts, buyers' test tenants).</summary>
    Test,
}

/// <summary>The one body of a cXML document.</summary>
public abstract record CxmlBody;

/// <summary>A <c>Request</c> and the request element it carries.</summary>
public sealed record CxmlRequest(CxmlRequestPayload Payload, DeploymentMode DeploymentMode = DeploymentMode.Production) : CxmlBody;

/// <summary>A <c>Response</c>: a Status, and with a 2xx status an optional response element.</summary>
public sealed record CxmlResponse(CxmlStatus Status, CxmlResponsePayload? Payload = null) : CxmlBody;

/// <summary>A <c>Message</c>: one-way, usually carried by the user's browser; no Status means 200.</summary>
public sealed record CxmlMessage(CxmlMessagePayload Payload, CxmlStatus? Status = null, DeploymentMode DeploymentMode = DeploymentMode.Production, string? InReplyTo = null) : CxmlBody;

/// <summary>An element that names itself in the protocol.</summary>
public interface ICxmlElement
{
    /// <summary>The element name, as the DTD spells it.</summary>
    static abstract string ElementName { get; }
}

/// <summary>The element inside a <c>Request</c> (PunchOutSetupRequest, OrderRequest, ...).</summary>
public abstract record CxmlRequestPayload
{
    /// <summary>The request element's name, which handlers are registered under.</summary>
    public abstract string RequestName { get; }

    /// <summary>The bundled DTD that declares this request (<see cref="CxmlDtd.CxmlDtdName"/> unless overridden),
    /// which the writer names in the DOCTYPE.</summary>
    public virtual string DtdName => CxmlDtd.CxmlDtdName;
}

/// <summary>The element inside a <c>Response</c>.</summary>
public abstract record CxmlResponsePayload;

/// <summary>The element inside a <c>Message</c>.</summary>
public abstract record CxmlMessagePayload;

/// <summary>A request element this library does not model; the gateway answers it 450 unless a handler claims it.</summary>
public sealed record UnsupportedRequest(string Name) : CxmlRequestPayload
{
    /// <inheritdoc />
    public override string RequestName => Name;
}
