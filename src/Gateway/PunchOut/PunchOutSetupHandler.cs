using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Observability;
using Punchout.Gateway.Sessions;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.PunchOut;
using Punchout.Protocols.Handlers;

namespace Punchout.Gateway.PunchOut;

/// <summary>Opens a punchout session for a PunchOutSetupRequest and answers with a one-time StartPage URL.</summary>
public sealed class PunchOutSetupHandler(
    BuyerDirectory buyers,
    IPunchoutSessionStore sessions,
    IRandomSource random,
    PublicUrls urls,
    GatewayMetrics metrics,
    IOptions<GatewayOptions> options,
    TimeProvider clock,
    ILogger<PunchOutSetupHandler> logger) : CxmlRequestHandler<PunchOutSetupRequest>
{
    /// <inheritdoc />
    protected override async ValueTask<CxmlResponse> HandleAsync(CxmlRequestContext context, PunchOutSetupRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var buyer = buyers.Find(context.BuyerId)!;
        var envelope = context.Envelope;
        if (request.Operation == PunchOutOperation.Source)
        {
            return Refuse(buyer, envelope.PayloadId, CxmlStatusCodes.NotImplemented, "operation=\"source\" is not supported; use create, edit or inspect.");
        }

        if (string.IsNullOrWhiteSpace(request.BrowserFormPostUrl))
        {
            return Refuse(buyer, envelope.PayloadId, CxmlStatusCodes.BadRequest, "BrowserFormPost/URL is required: it is where the cart goes back.");
        }

        if (!buyer.AllowsReturnTo(request.BrowserFormPostUrl) && !urls.IsTesterReturn(request.BrowserFormPostUrl))
        {
            return Refuse(buyer, envelope.PayloadId, CxmlStatusCodes.BadRequest, $"The BrowserFormPost URL's host is not allowed for buyer {buyer.Id}; the supplier must add it to the buyer's AllowedReturnHosts.");
        }

        var session = new PunchoutSession
        {
            Id = SessionTokens.NewSessionId(random),
            BuyerId = buyer.Id,
            Protocol = "cxml",
            Operation = request.Operation.ToString().ToLowerInvariant(),
            BuyerCookie = request.BuyerCookie,
            ReturnUrl = request.BrowserFormPostUrl,
            SetupPayloadId = envelope.PayloadId,
            DeploymentMode = context.Request.DeploymentMode,
            Lang = envelope.Lang ?? "en-US",
            BuyerCredentials = [.. envelope.Header!.From.Select(c => new PartyCredential(c.Domain, c.Identity))],
            SupplierCredentials = [.. envelope.Header.To.Select(c => new PartyCredential(c.Domain, c.Identity))],
            User = UserOf(request),
            ShipTo = request.ShipTo,
            SelectedItem = request.SelectedItem,
            Items = [.. request.Items.Select(i => new SessionItem(
                i.Quantity,
                i.ItemId.SupplierPartId,
                i.ItemId.SupplierPartAuxiliaryId,
                i.ItemDetail?.UnitPrice.Amount,
                i.ItemDetail?.UnitPrice.Currency,
                i.ItemDetail?.UnitOfMeasure,
                i.ItemDetail?.Descriptions.FirstOrDefault()?.Text))],
            Extrinsics = request.Extrinsics.GroupBy(x => x.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal),
            State = SessionState.Created,
            CreatedAt = clock.GetUtcNow(),
        };
        var startToken = SessionTokens.NewToken(random, session.Id);
        var lifetimes = options.Value.Sessions;
        await sessions.CreateAsync(session, SessionTokens.Hash(startToken), lifetimes.Ttl, lifetimes.StartTokenTtl, cancellationToken).ConfigureAwait(false);
        metrics.SessionStarted(buyer.Id, session.Protocol);
        logger.SessionCreated(session.Id, buyer.Id, session.Operation, envelope.PayloadId);
        return new CxmlResponse(CxmlStatus.Ok, new PunchOutSetupResponse(urls.Absolute($"/punchout/start/{startToken}")));
    }

    private CxmlResponse Refuse(Buyer buyer, string payloadId, int code, string reason)
    {
        logger.SetupRefused(payloadId, buyer.Id, reason);
        return new CxmlResponse(CxmlStatus.Of(code, reason));
    }

    // The endUser Contact where the buyer sends one (cXML 1.1+), else the extrinsics buyers commonly use.
    private static SessionUser? UserOf(PunchOutSetupRequest request)
    {
        string? Extrinsic(string name) => request.Extrinsics.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;
        var contact = request.Contacts.FirstOrDefault(c => string.Equals(c.Role, "endUser", StringComparison.OrdinalIgnoreCase)) ?? request.Contacts.FirstOrDefault();
        var fullName = string.Join(' ', new[] { Extrinsic("FirstName"), Extrinsic("LastName") }.Where(n => !string.IsNullOrWhiteSpace(n)));
        var name = contact?.Name ?? (fullName.Length > 0 ? fullName : Extrinsic("User"));
        var email = contact?.Email ?? Extrinsic("UserEmail");
        var uniqueName = Extrinsic("UniqueName");
        return name is null && email is null && uniqueName is null ? null : new SessionUser(name, email, uniqueName);
    }
}
