using System.Buffers.Binary;
using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Observability;
using Punchout.Gateway.Queues;
using Punchout.Gateway.Sessions;

namespace Punchout.Gateway.Outbound;

/// <summary>Delivers queued ConfirmationRequests and ShipNoticeRequests to the buyers; runs in every gateway instance,
/// sharing the queue.</summary>
/// <remarks>
/// Delivery is at least once, with the document's payloadID unchanged on every attempt, so the buyer can spot a resend.
/// A document the buyer cannot take now is deferred: tried again after <c>Outbound:RetryBaseDelay</c>, doubling up to
/// <c>Outbound:RetryMaxDelay</c>, each delay between half and all of that (jitter), until <c>Outbound:DeliveryWindow</c>
/// is spent from its first attempt; the order's later documents wait behind it. A refused document, or one whose window
/// is spent, goes to the dead letters with the reason and is counted; the order's next document then goes.
/// </remarks>
public sealed class OutboundDeliveryWorker(
    IOutboundStore store,
    BuyerDirectory buyers,
    BuyerDelivery delivery,
    GatewayMetrics metrics,
    IRandomSource random,
    IOptions<GatewayOptions> options,
    TimeProvider clock,
    ILogger<OutboundDeliveryWorker> logger) : QueueWorker<QueuedOutbound>(clock)
{
    private OutboundOptions Settings => options.Value.Outbound;

    /// <inheritdoc />
    protected override TimeSpan PollInterval => Settings.PollInterval;

    /// <inheritdoc />
    protected override Task<IReadOnlyList<QueuedOutbound>> ReadAsync(int count, CancellationToken cancellationToken) =>
        store.ReadQueueAsync(Consumer, count, Settings.ClaimIdleTime, cancellationToken);

    /// <inheritdoc />
    protected override Task HandleAsync(QueuedOutbound entry, CancellationToken cancellationToken) => DeliverAsync(entry, cancellationToken);

    /// <inheritdoc />
    protected override void Failed(Exception exception, TimeSpan delay) => logger.OutboundWorkerFailed(exception, delay);

    /// <summary>Makes one attempt to deliver a queued document and records the outcome.</summary>
    internal async Task DeliverAsync(QueuedOutbound entry, CancellationToken stoppingToken)
    {
        var document = await store.GetAsync(entry.OutboundId, stoppingToken).ConfigureAwait(false);
        if (document is null)
        {
            logger.OutboundMissing(entry.EntryId, entry.OutboundId);
            await store.AcknowledgeAsync(entry, stoppingToken).ConfigureAwait(false);
            return;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["OutboundId"] = document.Id, ["GatewayOrderId"] = document.GatewayOrderId, ["OrderId"] = document.OrderId, ["PayloadId"] = document.PayloadId, ["Buyer"] = document.BuyerId });
        if (document.State != OutboundState.Queued)
        {
            await store.AcknowledgeAsync(entry, stoppingToken).ConfigureAwait(false);
            return;
        }

        var startedAt = Clock.GetUtcNow();
        if (buyers.Find(document.BuyerId) is not { OrderStatusUrl: { } url, OrderStatusSecret: { } secret })
        {
            var unconfigured = document with { Attempts = [.. document.Attempts, new DeliveryAttempt(startedAt, "refused", "the buyer has no Cxml:OrderStatus configured")] };
            await DeadLetterAsync(entry, unconfigured, $"Buyer {document.BuyerId} has no Cxml:OrderStatus:Url and SharedSecret configured any more; configure them and replay the document.", "unconfigured", stoppingToken).ConfigureAwait(false);
            return;
        }

        DeliveryOutcome outcome;
        using (var attempt = new CancellationTokenSource(Settings.AttemptTimeout, Clock))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, attempt.Token))
        {
            outcome = await delivery.PostAsync(url, OutboundEnvelopes.ForDelivery(document.Document, secret), linked.Token, stoppingToken).ConfigureAwait(false);
        }

        var tried = document with
        {
            Attempts = [.. document.Attempts, new DeliveryAttempt(startedAt, outcome.Result.ToString().ToLowerInvariant(), outcome.Detail)],
            WindowStartedAt = document.WindowStartedAt ?? startedAt,
        };
        var type = OutboundNames.Of(document.Type);
        switch (outcome.Result)
        {
            case DeliveryResult.Delivered:
                if (await Finished(store.CompleteAsync(entry, tried with { State = OutboundState.Delivered, DeliveredAt = Clock.GetUtcNow() }, stoppingToken), document))
                {
                    metrics.OutboundDelivered(document.BuyerId, type);
                    logger.OutboundDelivered(type, document.Id, document.PayloadId, document.GatewayOrderId, document.BuyerId, url.Host, outcome.Detail);
                }

                return;
            case DeliveryResult.Refused:
                await DeadLetterAsync(entry, tried, $"The buyer refused the document: {outcome.Detail}", "refused", stoppingToken).ConfigureAwait(false);
                return;
        }

        // The window runs from the first attempt, so a document that waited behind others still gets its retries.
        if (Clock.GetUtcNow() - tried.WindowStartedAt!.Value >= Settings.DeliveryWindow)
        {
            await DeadLetterAsync(entry, tried, $"The buyer could not take the document within the delivery window of {Settings.DeliveryWindow}: {outcome.Detail}", "unavailable", stoppingToken).ConfigureAwait(false);
            return;
        }

        var delay = RetryDelay(tried.AttemptsInWindow);
        if (await Finished(store.DeferAsync(entry, tried, delay, stoppingToken), document))
        {
            metrics.OutboundRetried(document.BuyerId, type);
            logger.OutboundDeferred(type, document.Id, document.PayloadId, document.GatewayOrderId, document.BuyerId, url.Host, outcome.Detail, delay);
        }
    }

    /// <summary>The delay after the <paramref name="attempts"/>th failed attempt of a window: the base delay doubled
    /// for each attempt before, at most the maximum, then between half and all of it.</summary>
    internal TimeSpan RetryDelay(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var full = TimeSpan.FromTicks((long)Math.Min(Settings.RetryMaxDelay.Ticks, Settings.RetryBaseDelay.Ticks * Math.Pow(2, exponent)));
        Span<byte> bytes = stackalloc byte[8];
        random.Fill(bytes);
        var fraction = (BinaryPrimitives.ReadUInt64LittleEndian(bytes) >> 11) / (double)(1UL << 53);
        return full / 2 + full / 2 * fraction;
    }

    private async Task DeadLetterAsync(QueuedOutbound entry, OutboundDocument document, string reason, string metricReason, CancellationToken cancellationToken)
    {
        if (await Finished(store.DeadLetterAsync(entry, document with { State = OutboundState.DeadLettered, DeadLetterReason = reason }, cancellationToken), document))
        {
            metrics.OutboundFailed(document.BuyerId, OutboundNames.Of(document.Type), metricReason);
            logger.OutboundDeadLettered(OutboundNames.Of(document.Type), document.Id, document.PayloadId, document.GatewayOrderId, document.BuyerId, reason);
        }
    }

    // False when another worker claimed the entry while this one was busy with it: that worker's outcome stands.
    private async Task<bool> Finished(Task<bool> finishing, OutboundDocument document)
    {
        if (await finishing.ConfigureAwait(false))
        {
            return true;
        }

        logger.OutboundTakenOver(OutboundNames.Of(document.Type), document.Id, document.GatewayOrderId);
        return false;
    }
}
