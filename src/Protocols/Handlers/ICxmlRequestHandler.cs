using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Profile;

namespace Punchout.Protocols.Handlers;

/// <summary>Whose systems send a request to the gateway, and so how it is authenticated.</summary>
public enum CxmlRequestSender
{
    /// <summary>A buyer's procurement system: From names a configured buyer, whose SharedSecret (or CredentialMac, or
    /// signature) the document carries.</summary>
    Buyer,

    /// <summary>The supplier's own systems (ERP middleware speaking cXML): From names the supplier, whose SharedSecret the
    /// Sender carries; the document is for the buyer its To names.</summary>
    Supplier,
}

/// <summary>What a handler is given: the buyer, the document, and its bytes as received.</summary>
public sealed class CxmlRequestContext
{
    /// <summary>The id of the buyer: for a request from a buyer, the one whose credentials the document carried; for a
    /// request from the supplier, the one its To names. Either way the sender has been authenticated.</summary>
    public required string BuyerId { get; init; }

    /// <summary>Who sent the document: the buyer (the default) or the supplier.</summary>
    public CxmlRequestSender Sender { get; init; } = CxmlRequestSender.Buyer;

    /// <summary>The document as read.</summary>
    public required CxmlEnvelope Envelope { get; init; }

    /// <summary>The document's bytes as received, for hashing; never logged, since the header holds the SharedSecret.</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The Request of <see cref="Envelope"/>.</summary>
    public CxmlRequest Request => (CxmlRequest)Envelope.Body;
}

/// <summary>Answers one kind of cXML request: a new B2B flow is one class implementing this.</summary>
/// <remarks>
/// Expected failures (a refused order, an unknown session) are answered with a <see cref="CxmlStatus"/>; an exception
/// means a bug or broken infrastructure and is turned into Status 500 once, at the edge.
/// </remarks>
public interface ICxmlRequestHandler
{
    /// <summary>The request element this handler answers, e.g. <c>OrderRequest</c>.</summary>
    string RequestName { get; }

    /// <summary>The options the ProfileResponse lists with this request's Transaction (for OrderRequest:
    /// <c>changes</c>, <c>attachments</c>); none unless the handler says.</summary>
    IReadOnlyList<ProfileOption> ProfileOptions => [];

    /// <summary>Whose systems send this request: a buyer's (the default) or the supplier's own. The gateway
    /// authenticates the document accordingly before the handler sees it.</summary>
    CxmlRequestSender Sender => CxmlRequestSender.Buyer;

    /// <summary>Answers the request with a Status and, for some requests, a response element.</summary>
    ValueTask<CxmlResponse> HandleAsync(CxmlRequestContext context, CancellationToken cancellationToken);
}

/// <summary>A handler for one modelled request type.</summary>
public abstract class CxmlRequestHandler<TRequest> : ICxmlRequestHandler
    where TRequest : CxmlRequestPayload, ICxmlElement
{
    /// <inheritdoc />
    public string RequestName => TRequest.ElementName;

    /// <inheritdoc />
    public virtual IReadOnlyList<ProfileOption> ProfileOptions => [];

    /// <inheritdoc />
    public virtual CxmlRequestSender Sender => CxmlRequestSender.Buyer;

    /// <inheritdoc />
    public ValueTask<CxmlResponse> HandleAsync(CxmlRequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return HandleAsync(context, (TRequest)context.Request.Payload, cancellationToken);
    }

    /// <summary>Answers <paramref name="request"/>.</summary>
    protected abstract ValueTask<CxmlResponse> HandleAsync(CxmlRequestContext context, TRequest request, CancellationToken cancellationToken);
}
