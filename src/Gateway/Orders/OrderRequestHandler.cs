using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Erp;
using Punchout.Gateway.Observability;
using Punchout.Gateway.Sessions;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Orders;
using Punchout.Protocols.Cxml.Profile;
using Punchout.Protocols.Handlers;
using Punchout.Validation.Erp;
using Punchout.Validation.Orders;

namespace Punchout.Gateway.Orders;

/// <summary>Takes an OrderRequest: stored and queued atomically, answered at once, idempotent on (buyer, payloadID).</summary>
/// <remarks>Before a new payloadID is stored, the ERP is asked (one batched quote) whether it knows every ordered part
/// and the account may buy it, and, for a buyer with <c>CreditCheck: Blocking</c>, whether its credit allows the order's
/// total; a resend is answered from its idempotency record without asking again.</remarks>
public sealed class OrderRequestHandler(
    BuyerDirectory buyers,
    OrderRequestValidator validator,
    OrderEntitlementChecker entitlements,
    CreditGate credit,
    IOrderStore store,
    IRandomSource random,
    GatewayMetrics metrics,
    IOptions<GatewayOptions> options,
    TimeProvider clock,
    ILogger<OrderRequestHandler> logger) : CxmlRequestHandler<OrderRequest>
{
    /// <summary>Changes (type update and delete, with a higher orderVersion) are accepted; attachments (multipart
    /// documents) are not.</summary>
    public override IReadOnlyList<ProfileOption> ProfileOptions { get; } = [new("changes", "Yes"), new("attachments", "No")];

    /// <inheritdoc />
    protected override async ValueTask<CxmlResponse> HandleAsync(CxmlRequestContext context, OrderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var buyer = buyers.Find(context.BuyerId)!;
        var payloadId = context.Envelope.PayloadId;
        var header = request.Header;
        var validation = await validator.ValidateAsync(request, cancellationToken).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            // One line per problem, the rule's code first, so a buyer's support desk (or a script) can tell them apart.
            var problems = string.Join("\n", validation.Errors.Select(e => $"{e.ErrorCode}: {e.ErrorMessage}"));
            logger.OrderInvalid(header.OrderId, payloadId, buyer.Id, problems);
            CountRefused(buyer.Id, validation.Errors.Select(e => e.ErrorCode));
            return new CxmlResponse(CxmlStatus.Of(CxmlStatusCodes.BadRequest, $"The order cannot be accepted:\n{problems}"));
        }

        var order = new OrderRecord
        {
            Id = NewOrderId(),
            BuyerId = buyer.Id,
            PayloadId = payloadId,
            OrderId = header.OrderId,
            State = OrderState.Received,
            ReceivedAt = clock.GetUtcNow(),
            Erp = ErpOrderMapping.ToErpOrder(buyer, payloadId, request) with { Test = context.Request.DeploymentMode == DeploymentMode.Test },
        };
        var answer = new IdempotencyAnswer(CxmlStatusCodes.Ok, "OK", $"Order {header.OrderId} accepted for processing as {order.Id}.");
        // The order as the buyer sent it to the ERP, not the raw bytes: a resend that a hub re-signs, re-indents or
        // re-encodes is still the same document, while any change to what the ERP would receive is a conflict. The
        // ERP account comes from configuration, not from the buyer, so a change of it does not make resends conflict.
        var bodyHash = OrderBodyHash.Of(order.Erp);
        // The same without the payloadID: a resend under a new payloadID (the same business key) is compared by it.
        var contentHash = OrderBodyHash.ContentOf(order.Erp);
        // A resend is answered as the first time, without asking the ERP again (its answer may have changed since).
        var result = await store.FindAsync(buyer.Id, payloadId, bodyHash, cancellationToken).ConfigureAwait(false);
        if (result is { Outcome: IntakeOutcome.Conflict }
            && await store.FindAsync(buyer.Id, payloadId, OrderBodyHash.BeforeEveryField(order.Erp), cancellationToken).ConfigureAwait(false) is { Outcome: IntakeOutcome.Duplicate } earlier)
        {
            // Accepted before the body carried every field, and recorded under the hash of the body as it was then.
            result = earlier;
        }

        // A resend under a new payloadID of an accepted order (its business key, the same content) is answered as the
        // first: the checks below are not repeated, for their answers may have changed since (the credit this very
        // order used, a part blocked later, a newer version accepted). Intake remembers the new payloadID.
        if (result is null && await store.IsSameOrderAsync(order, contentHash, cancellationToken).ConfigureAwait(false))
        {
            result = await store.AcceptAsync(new OrderIntake(order, bodyHash, answer, options.Value.Orders.IdempotencyRetention, contentHash), cancellationToken).ConfigureAwait(false);
        }

        if (result is null)
        {
            var (historyRefusal, changes) = await CheckHistoryAsync(buyer, payloadId, order, request, cancellationToken).ConfigureAwait(false);
            if (historyRefusal is not null)
            {
                return historyRefusal;
            }

            order = order with { Changes = changes?.GatewayOrderId };

            var (refusal, taxExempt) = await CheckEntitlementsAsync(buyer, payloadId, request, cancellationToken).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }

            if (await CheckCreditAsync(buyer, payloadId, request, cancellationToken).ConfigureAwait(false) is { } creditRefusal)
            {
                return creditRefusal;
            }

            // After the hash: a flag is the gateway's finding, not part of the buyer's document.
            order = FlagTaxedButExempt(order, request, taxExempt);

            var intake = new OrderIntake(order, bodyHash, answer, options.Value.Orders.IdempotencyRetention, contentHash);
            result = await store.AcceptAsync(intake, cancellationToken).ConfigureAwait(false);
        }

        switch (result.Outcome)
        {
            case IntakeOutcome.Accepted:
                metrics.OrderReceived(buyer.Id);
                logger.OrderAccepted(header.OrderId, payloadId, buyer.Id, order.Id);
                if (order.Flags.Contains(ErpOrderFlags.TaxedButExempt))
                {
                    logger.OrderTaxedButExempt(order.Id, header.OrderId, buyer.Id, OrderEntitlementChecker.TaxCharged(request), header.Total.Currency);
                    metrics.OrderFlagged(buyer.Id, ErpOrderFlags.TaxedButExempt);
                }

                break;
            case IntakeOutcome.Duplicate:
                metrics.OrderDuplicate(buyer.Id);
                logger.OrderDuplicate(header.OrderId, payloadId, buyer.Id, result.GatewayOrderId);
                break;
            case IntakeOutcome.SameOrder:
                metrics.OrderDuplicate(buyer.Id);
                logger.OrderResentUnderNewPayloadId(header.OrderId, payloadId, buyer.Id, result.GatewayOrderId);
                break;
            case IntakeOutcome.SameOrderConflict:
                logger.OrderSameKeyConflict(header.OrderId, payloadId, buyer.Id, result.GatewayOrderId);
                metrics.OrderRefused(buyer.Id, "same-order-conflict");
                return new CxmlResponse(CxmlStatus.Of(
                    CxmlStatusCodes.Conflict,
                    $"Order {header.OrderId} (type {order.Erp.Type}, orderVersion {order.Erp.OrderVersion}) was already accepted with other content as {result.GatewayOrderId}; to change it, send type=\"update\" with a higher orderVersion."));
            case IntakeOutcome.UnknownOrder or IntakeOutcome.StaleVersion:
                // Another change of the order was accepted since the check above.
                return HistoryRefusal(buyer, payloadId, order, result.Latest, result.Outcome);
            default:
                logger.OrderConflict(header.OrderId, payloadId, buyer.Id);
                return new CxmlResponse(CxmlStatus.Of(
                    CxmlStatusCodes.Conflict,
                    $"payloadID {payloadId} was already used for a different document (order {result.GatewayOrderId}); send a new payloadID for a new document."));
        }

        return new CxmlResponse(new CxmlStatus(result.Answer.Code, result.Answer.Text, result.Answer.Detail));
    }

    // Refused before the ERP is asked, storing nothing: an update or delete of an order the gateway has not accepted
    // (or has accepted a delete of), or whose orderVersion is not above the latest accepted; a release whose agreementID
    // names no blanket order of the buyer (or a deleted one). Intake checks the change again, atomically.
    // When the order may go on: for an update or delete, the version it changes.
    private async Task<(CxmlResponse? Refusal, StoredOrderVersion? Changes)> CheckHistoryAsync(Buyer buyer, string payloadId, OrderRecord order, OrderRequest request, CancellationToken cancellationToken)
    {
        var header = request.Header;
        var latest = order.Erp.Type is "update" or "delete" ? await store.FindLatestAsync(buyer.Id, header.OrderId, cancellationToken).ConfigureAwait(false) : null;
        if (StoredOrderVersion.Refusal(latest, order) is { } outcome)
        {
            return (HistoryRefusal(buyer, payloadId, order, latest, outcome), null);
        }

        if (header.OrderType != OrderType.Release || string.IsNullOrWhiteSpace(header.AgreementId))
        {
            return (null, latest);
        }

        var agreement = await store.FindLatestAsync(buyer.Id, header.AgreementId, cancellationToken).ConfigureAwait(false);
        if (agreement is { IsDelete: false, OrderType: "blanket" })
        {
            return (null, latest);
        }

        return (Refused(buyer, header.OrderId, payloadId, "unknown-agreement", agreement is null
            ? $"The release references agreement {header.AgreementId}, which is not a blanket order this gateway accepted."
            : agreement.IsDelete
                ? $"The release references agreement {header.AgreementId}, which was deleted (orderVersion {agreement.OrderVersion})."
                : $"The release references agreement {header.AgreementId}, which is a {agreement.OrderType} order, not a blanket order."), null);
    }

    private CxmlResponse HistoryRefusal(Buyer buyer, string payloadId, OrderRecord order, StoredOrderVersion? latest, IntakeOutcome outcome)
    {
        var erp = order.Erp;
        return outcome == IntakeOutcome.StaleVersion
            ? Refused(buyer, erp.OrderId, payloadId, "stale-version", $"A type=\"{erp.Type}\" order must have an orderVersion above {latest!.OrderVersion}, the latest accepted version of order {erp.OrderId} (payloadID {latest.PayloadId}); this one has {erp.OrderVersion}.")
            : Refused(buyer, erp.OrderId, payloadId, "unknown-order", latest is null
                ? $"A type=\"{erp.Type}\" order must change an order this gateway accepted; order {erp.OrderId} is unknown."
                : $"A type=\"{erp.Type}\" order must change an order this gateway accepted; order {erp.OrderId} was deleted (orderVersion {latest.OrderVersion}, payloadID {latest.PayloadId}).");
    }

    // One problem, in the validator's "rule: message" form.
    private CxmlResponse Refused(Buyer buyer, string orderId, string payloadId, string rule, string message)
    {
        var problem = $"{rule}: {message}";
        logger.OrderInvalid(orderId, payloadId, buyer.Id, problem);
        metrics.OrderRefused(buyer.Id, rule);
        return new CxmlResponse(CxmlStatus.Of(CxmlStatusCodes.BadRequest, $"The order cannot be accepted:\n{problem}"));
    }

    // A new or changed order whose parts the ERP does not know, or the account may not buy, can never succeed: 400 with
    // every such line. When the ERP cannot say, 560 (fail closed): the buyer resends later (PROTOCOLS.md §2), and no
    // order is booked whose parts were never checked. A delete orders nothing, so it is not checked.
    // When it passes, also whether the ERP's quote says the account is tax-exempt.
    private async Task<(CxmlResponse? Refusal, bool TaxExempt)> CheckEntitlementsAsync(Buyer buyer, string payloadId, OrderRequest request, CancellationToken cancellationToken)
    {
        if (request.Header.Type == OrderRequestType.Delete)
        {
            return (null, false);
        }

        var orderId = request.Header.OrderId;
        var check = await WithinCheckTimeoutAsync(
            token => entitlements.CheckAsync(buyer.ErpAccount, request, token),
            OrderEntitlementResult.Unavailable,
            cancellationToken).ConfigureAwait(false);

        switch (check.Outcome)
        {
            case OrderEntitlementOutcome.Refused:
                var problems = string.Join("\n", check.Problems);
                logger.OrderInvalid(orderId, payloadId, buyer.Id, problems);
                CountRefused(buyer.Id, check.Problems.Select(p => p.Code));
                return (new CxmlResponse(CxmlStatus.Of(CxmlStatusCodes.BadRequest, $"The order cannot be accepted:\n{problems}")), false);
            case OrderEntitlementOutcome.Unavailable:
                logger.OrderErpUnavailable(orderId, payloadId, buyer.Id, check.UnavailableReason ?? "no reason given");
                metrics.OrderRefused(buyer.Id, "erp-unavailable");
                return (new CxmlResponse(CxmlStatus.Of(
                    CxmlStatusCodes.TemporarilyUnavailable,
                    "The order's parts cannot be checked with the ERP now; nothing was stored. Send the same document again later.")), false);
            default:
                return (null, check.TaxExempt);
        }
    }

    // A taxed order from an account the ERP says is exempt is accepted as the buyer approved it (refusing would stop a
    // valid purchase over an invoice matter), but flagged for support and the ERP (docs/erp-contract.md).
    private static OrderRecord FlagTaxedButExempt(OrderRecord order, OrderRequest request, bool taxExempt) =>
        taxExempt && OrderEntitlementChecker.TaxCharged(request) != 0m
            ? order with { Erp = order.Erp with { Flags = [ErpOrderFlags.TaxedButExempt] } }
            : order;

    // Blocking credit, on a new or changed order only (a delete orders nothing). A hold or an over-limit is answered
    // 400, not 409 or 5xx: the document as sent cannot be taken now, and a buyer system must not resend it on its own
    // (PROTOCOLS.md §2: 4xx is not retried). Nothing is stored, so once the ERP releases the hold the same document
    // (same payloadID) can be sent again by the buyer or replayed by support and is checked afresh. When the ERP cannot
    // say, 560 (fail closed): the buyer's system resends later, as for the entitlement check.
    private async Task<CxmlResponse?> CheckCreditAsync(Buyer buyer, string payloadId, OrderRequest request, CancellationToken cancellationToken)
    {
        var header = request.Header;
        if (header.Type == OrderRequestType.Delete || !buyer.CreditBlocking)
        {
            return null;
        }

        var refusal = await WithinCheckTimeoutAsync<CreditRefusal?>(
            token => credit.CheckAsync(buyer, header.Total.Currency, header.Total.Amount, $"order:{header.OrderId}", token),
            reason => new CreditRefusal(CreditGate.Unavailable, buyer.ErpAccount, reason),
            cancellationToken).ConfigureAwait(false);
        metrics.CreditChecked(buyer.Id, "order", refusal?.Code ?? "ok");
        if (refusal is null)
        {
            return null;
        }

        logger.OrderCreditRefused(header.OrderId, payloadId, buyer.Id, refusal.Code, refusal.Reason);
        metrics.OrderRefused(buyer.Id, refusal.Code);
        return refusal.IsUnavailable
            ? new CxmlResponse(CxmlStatus.Of(
                CxmlStatusCodes.TemporarilyUnavailable,
                $"{refusal.Code}: the credit of account {refusal.Account} cannot be checked with the ERP now; nothing was stored. Send the same document again later."))
            : new CxmlResponse(CxmlStatus.Of(
                CxmlStatusCodes.BadRequest,
                $"{refusal.Code}: account {refusal.Account}: {refusal.Reason} Nothing was stored. Once the ERP releases the account, send the same document again."));
    }

    // An ERP check on an OrderRequest gets Orders:EntitlementCheckTimeout: the buyer's system waits for the answer
    // (Coupa: 60 s), so no answer in time is the ERP being unavailable.
    private async Task<T> WithinCheckTimeoutAsync<T>(Func<CancellationToken, Task<T>> check, Func<string, T> timedOut, CancellationToken cancellationToken)
    {
        var limit = options.Value.Orders.EntitlementCheckTimeout;
        using var timeout = new CancellationTokenSource(limit, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await check(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return timedOut($"no answer within {limit.TotalSeconds} s");
        }
    }

    private void CountRefused(string buyerId, IEnumerable<string> reasons)
    {
        foreach (var reason in reasons.Distinct(StringComparer.Ordinal))
        {
            metrics.OrderRefused(buyerId, reason);
        }
    }

    private string NewOrderId() => "ord-" + SessionTokens.NewSessionId(random)[..16];
}
