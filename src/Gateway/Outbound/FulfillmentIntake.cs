using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Cxml;
using Punchout.Gateway.Observability;
using Punchout.Gateway.Orders;
using Punchout.Gateway.Sessions;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Fulfill;

namespace Punchout.Gateway.Outbound;

/// <summary>A ConfirmationRequest or ShipNoticeRequest to send to the buyer of <paramref name="Order"/>.</summary>
/// <param name="OutboundId">The id the document gets (from <see cref="FulfillmentIntake.NewOutboundId"/>).</param>
/// <param name="Order">The order it is about.</param>
/// <param name="Payload">The document's body.</param>
/// <param name="Source"><c>erp</c> or <c>cxml</c>.</param>
/// <param name="ClientKey">What a resend is recognised by; null when none.</param>
/// <param name="BodySha256">The hash of what was posted.</param>
/// <param name="Lang">The xml:lang of the document; en-US when absent.</param>
public sealed record FulfillmentSubmission(string OutboundId, OrderRecord Order, CxmlRequestPayload Payload, string Source, string? ClientKey, string BodySha256, string? Lang = null);

/// <summary>What became of a submission.</summary>
public enum FulfillmentOutcome
{
    /// <summary>Stored and queued for the buyer.</summary>
    Queued,

    /// <summary>A resend of a document already queued (the same key and body): that document stands.</summary>
    Duplicate,

    /// <summary>The key of an earlier document with a different body: refused, nothing stored.</summary>
    Conflict,

    /// <summary>The document breaks the rules against the order: refused, nothing stored.</summary>
    Refused,

    /// <summary>The buyer takes no order status documents: refused, nothing stored.</summary>
    NoDeliveryUrl,
}

/// <summary>The outcome, the document it concerns (queued, or the earlier one) and the problems of a refusal.</summary>
public sealed record FulfillmentResult(FulfillmentOutcome Outcome, OutboundDocument? Document, IReadOnlyList<FulfillmentProblem> Problems);

/// <summary>Takes a confirmation or ship notice for an order, from the ERP's JSON API or the supplier's own cXML
/// systems alike: checks it against the order, writes the cXML the buyer gets and queues it, idempotent on its key.</summary>
/// <remarks>The document is stored as the buyer will get it except for the Sender's SharedSecret, which the delivery
/// worker adds from configuration at each attempt; so no secret is ever stored, logged or shown.</remarks>
public sealed class FulfillmentIntake(
    IOutboundStore store,
    BuyerDirectory buyers,
    PayloadIdFactory payloadIds,
    IRandomSource random,
    GatewayMetrics metrics,
    IOptions<GatewayOptions> options,
    TimeProvider clock,
    ILogger<FulfillmentIntake> logger)
{
    /// <summary>A new outbound document id.</summary>
    public string NewOutboundId() => "out-" + SessionTokens.NewSessionId(random)[..16];

    /// <summary>Whether the buyer of <paramref name="order"/> takes order status documents (has a
    /// <c>Cxml:OrderStatus:Url</c>); logged when it does not.</summary>
    public bool Delivers(OrderRecord order, OutboundType type)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (buyers.Find(order.BuyerId) is { OrderStatusUrl: not null })
        {
            return true;
        }

        logger.OutboundNoDeliveryUrl(OutboundNames.Of(type), order.Id, order.BuyerId);
        return false;
    }

    /// <summary>Checks, writes and queues <paramref name="submission"/>, or says why not.</summary>
    public async Task<FulfillmentResult> SubmitAsync(FulfillmentSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var order = submission.Order;
        var type = submission.Payload is ConfirmationRequest ? OutboundType.Confirmation : OutboundType.ShipNotice;
        var typeName = OutboundNames.Of(type);
        if (!Delivers(order, type))
        {
            return new(FulfillmentOutcome.NoDeliveryUrl, null, []);
        }

        var buyer = buyers.Find(order.BuyerId)!;

        if (submission.ClientKey is { } clientKey && await store.FindAsync(clientKey, submission.BodySha256, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            return await Remembered(earlier, submission, typeName, cancellationToken).ConfigureAwait(false);
        }

        var problems = submission.Payload switch
        {
            ConfirmationRequest confirmation => FulfillmentRules.Check(confirmation, order),
            ShipNoticeRequest notice => FulfillmentRules.Check(notice, order, await store.ListForOrderAsync(order.Id, cancellationToken).ConfigureAwait(false)),
            var other => throw new ArgumentException($"{other.RequestName} is not sent to buyers.", nameof(submission)),
        };
        if (problems.Count > 0)
        {
            logger.OutboundRefused(typeName, order.Id, buyer.Id, string.Join("; ", problems));
            return new(FulfillmentOutcome.Refused, null, problems);
        }

        var now = clock.GetUtcNow();
        var envelope = OutboundEnvelopes.Stored(
            submission.Payload, buyer, options.Value.Gateway.Supplier.Credentials, payloadIds.Next(), now, options.Value.Gateway.UserAgent,
            order.Erp.Test ? DeploymentMode.Test : DeploymentMode.Production, submission.Lang);
        var document = new OutboundDocument
        {
            Id = submission.OutboundId,
            Type = type,
            GatewayOrderId = order.Id,
            OrderId = order.OrderId,
            BuyerId = buyer.Id,
            PayloadId = envelope.PayloadId,
            ClientId = submission.Payload switch { ConfirmationRequest c => c.Header.ConfirmId, ShipNoticeRequest n => n.Header.ShipmentId, _ => null },
            Source = submission.Source,
            State = OutboundState.Queued,
            CreatedAt = now,
            Lines = LinesOf(submission.Payload),
            Document = Encoding.UTF8.GetString(CxmlWriter.ToBytes(envelope)),
        };
        var result = await store.EnqueueAsync(new OutboundIntake(document, submission.ClientKey, submission.BodySha256), cancellationToken).ConfigureAwait(false);
        if (result.Outcome != OutboundIntakeOutcome.Accepted)
        {
            // Another post with the same key won the race since the look-up above.
            return await Remembered(result, submission, typeName, cancellationToken).ConfigureAwait(false);
        }

        metrics.OutboundQueued(buyer.Id, typeName);
        logger.OutboundQueued(typeName, document.Id, order.Id, order.OrderId, buyer.Id, document.PayloadId, submission.Source);
        return new(FulfillmentOutcome.Queued, document, []);
    }

    /// <summary>The hash that tells a resend from a different document: of <paramref name="value"/>'s JSON, so white
    /// space and member order do not matter.</summary>
    public static string HashOf<T>(T value) => OrderHashes.Of(JsonSerializer.SerializeToUtf8Bytes(value, Redis.GatewayJson.Options));

    private async Task<FulfillmentResult> Remembered(OutboundIntakeResult earlier, FulfillmentSubmission submission, string typeName, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(earlier.OutboundId, cancellationToken).ConfigureAwait(false);
        var order = submission.Order;
        if (earlier.Outcome == OutboundIntakeOutcome.Duplicate)
        {
            logger.OutboundDuplicate(typeName, order.Id, order.BuyerId, submission.Source, earlier.OutboundId);
            return new(FulfillmentOutcome.Duplicate, document, []);
        }

        logger.OutboundConflict(typeName, order.Id, order.BuyerId, earlier.OutboundId);
        return new(FulfillmentOutcome.Conflict, document, []);
    }

    private static IReadOnlyList<OutboundLine> LinesOf(CxmlRequestPayload payload) => payload switch
    {
        ConfirmationRequest confirmation => [.. confirmation.Items.Select(i => new OutboundLine(i.LineNumber, i.Quantity))],
        ShipNoticeRequest notice => [.. notice.Portions.SelectMany(p => p.Items).Select(i => new OutboundLine(i.LineNumber, i.Quantity))],
        _ => [],
    };
}
