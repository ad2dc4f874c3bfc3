using System.Globalization;

namespace Punchout.Gateway.Orders;

/// <summary>A period of arrival, <see cref="Since"/> included, <see cref="Until"/> excluded.</summary>
/// <param name="Since">The first instant of the period.</param>
/// <param name="Until">The instant the period ends, not in it.</param>
public sealed record ReconciliationPeriod(DateTimeOffset Since, DateTimeOffset Until)
{
    /// <summary>The forms a period's bounds are given in, for people.</summary>
    public const string Formats = "an ISO 8601 date (2026-11-23) or date-time (2026-11-23T08:00, 2026-11-23T08:00:00Z, 2026-11-23T08:00:00+01:00); a date is its midnight, and a time without an offset is UTC";

    private static readonly string[] InstantFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>The period from <paramref name="since"/> until <paramref name="until"/> (<paramref name="now"/> when
    /// null), or why they name none: <c>invalid-since</c>, <c>invalid-until</c> or <c>invalid-period</c>, with a message
    /// that calls them <paramref name="sinceName"/> and <paramref name="untilName"/>.</summary>
    public static (ReconciliationPeriod? Period, string? Code, string? Problem) Read(string? since, string? until, DateTimeOffset now, string sinceName = "since", string untilName = "until")
    {
        if (string.IsNullOrWhiteSpace(since))
        {
            return (null, "invalid-since", $"{sinceName} is required: {Formats}.");
        }

        if (ParseInstant(since) is not { } from)
        {
            return (null, "invalid-since", $"{sinceName} '{since}' is not {Formats}.");
        }

        var to = ParseInstant(until);
        if (until is not null && to is null)
        {
            return (null, "invalid-until", $"{untilName} '{until}' is not {Formats}.");
        }

        var period = new ReconciliationPeriod(from, to ?? now);
        return period.Until > period.Since
            ? (period, null, null)
            : (null, "invalid-period", $"The period is empty: {untilName} ({Iso(period.Until)}{(to is null ? ", now" : string.Empty)}) must be after {sinceName} ({Iso(from)}).");
    }

    /// <summary>The instant <paramref name="text"/> names in one of the <see cref="Formats"/>, in UTC; null when it names none.</summary>
    public static DateTimeOffset? ParseInstant(string? text) =>
        DateTimeOffset.TryParseExact(text?.Trim(), InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : null;

    /// <summary>An instant as the reports print it: ISO 8601 in UTC, to the second.</summary>
    public static string Iso(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>The orders received in a period, reconciled: per buyer, how many arrived and where they are now, and every
/// one that is not forwarded.</summary>
/// <param name="Since">The first instant of the period.</param>
/// <param name="Until">The end of the period, excluded.</param>
/// <param name="Buyer">The one buyer reconciled; null for all.</param>
/// <param name="GeneratedAt">When the report was made: the states are those of this moment.</param>
/// <param name="Retention">How long a finished order's record is kept (<c>Orders:IdempotencyRetention</c>).</param>
/// <param name="ReconcilableFrom">A period from this instant on can always be reconciled in full: no record of its orders has expired yet.</param>
/// <param name="Complete">Whether every order received in the period is counted with its state.</param>
/// <param name="Incomplete">Why it is not complete, for people; empty when it is.</param>
/// <param name="Totals">The counts of every buyer together.</param>
/// <param name="Buyers">The counts per buyer with orders in the period (or the one buyer asked for), by buyer id.</param>
/// <param name="Differences">Every order of the period that is not forwarded, per buyer in arrival order.</param>
public sealed record ReconciliationReport(
    DateTimeOffset Since,
    DateTimeOffset Until,
    string? Buyer,
    DateTimeOffset GeneratedAt,
    TimeSpan Retention,
    DateTimeOffset ReconcilableFrom,
    bool Complete,
    IReadOnlyList<string> Incomplete,
    ReconciliationCounts Totals,
    IReadOnlyList<BuyerReconciliation> Buyers,
    IReadOnlyList<OrderDifference> Differences)
{
    /// <summary>Whether the period is reconciled: complete, and every order of it forwarded.</summary>
    public bool Reconciled => Complete && Differences.Count == 0;

    /// <summary>Reconciles the arrivals in <paramref name="received"/> (those of <paramref name="period"/>, of
    /// <paramref name="buyer"/> or all) as of <paramref name="now"/>, records being kept for <paramref name="retention"/>.</summary>
    /// <remarks>Only the orders not forwarded are kept in memory; the others are counted as they stream by.</remarks>
    public static async Task<ReconciliationReport> BuildAsync(
        IAsyncEnumerable<ReceivedOrder> received, ReconciliationPeriod period, string? buyer, DateTimeOffset now, TimeSpan retention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(received);
        ArgumentNullException.ThrowIfNull(period);
        var tallies = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
        if (buyer is not null)
        {
            tallies[buyer] = new Tally();
        }

        var differences = new List<OrderDifference>();
        await foreach (var arrival in received.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var tally = tallies.TryGetValue(arrival.BuyerId, out var found) ? found : tallies[arrival.BuyerId] = new Tally();
            tally.Add(arrival.Order?.State);
            if (arrival.Order is { State: not OrderState.Forwarded } order)
            {
                differences.Add(OrderDifference.Of(order));
            }
        }

        var total = new Tally();
        foreach (var tally in tallies.Values)
        {
            total.Add(tally);
        }

        var incomplete = new List<string>();
        if (total.Expired > 0)
        {
            incomplete.Add($"{total.Expired} order(s) of the period finished more than Orders:IdempotencyRetention ({Days(retention)}) ago and their records have expired: they are counted as expired, their outcome is not known any more.");
        }

        var indexedFrom = now - (2 * retention);
        if (period.Since < indexedFrom)
        {
            incomplete.Add($"The period starts before {ReconciliationPeriod.Iso(indexedFrom)}: arrivals are indexed for twice Orders:IdempotencyRetention ({Days(2 * retention)}), so orders received before then are not counted at all.");
        }

        return new ReconciliationReport(
            period.Since,
            period.Until,
            buyer,
            now,
            retention,
            now - retention,
            incomplete.Count == 0,
            incomplete,
            total.Counts(),
            [.. tallies.Select(t => new BuyerReconciliation(t.Key, t.Value.Counts()))],
            [.. differences.OrderBy(d => d.Buyer, StringComparer.Ordinal).ThenBy(d => d.ReceivedAt).ThenBy(d => d.OrderId, StringComparer.Ordinal)]);
    }

    private static string Days(TimeSpan span) => span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays)
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0} days")
        : span.ToString("c", CultureInfo.InvariantCulture);

    // One buyer's counts while the arrivals stream by.
    private sealed class Tally
    {
        private readonly int[] byState = new int[OrderStates.All.Count];

        public int Received { get; private set; }

        public int Expired { get; private set; }

        public void Add(OrderState? state)
        {
            Received++;
            if (state is { } known)
            {
                byState[(int)known]++;
            }
            else
            {
                Expired++;
            }
        }

        public void Add(Tally other)
        {
            Received += other.Received;
            Expired += other.Expired;
            for (var i = 0; i < byState.Length; i++)
            {
                byState[i] += other.byState[i];
            }
        }

        public ReconciliationCounts Counts() => new(
            Received,
            byState[(int)OrderState.Forwarded],
            byState[(int)OrderState.Forwarding],
            byState[(int)OrderState.Received],
            byState[(int)OrderState.DeadLettered],
            byState[(int)OrderState.CreditHold],
            Expired);
    }
}

/// <summary>How many orders arrived in the period, and where they are now.</summary>
/// <param name="Received">Accepted at intake in the period: the sum of the others.</param>
/// <param name="Forwarded">The ERP took them.</param>
/// <param name="Forwarding">Tried; still retried with backoff.</param>
/// <param name="Queued">In state <c>received</c>: not tried yet, or waiting behind an earlier order or a pause.</param>
/// <param name="DeadLettered">Dead-lettered: support must act.</param>
/// <param name="CreditHold">Parked by the credit check: support releases them.</param>
/// <param name="Expired">Finished longer ago than the retention: the record is gone, the outcome unknown.</param>
public sealed record ReconciliationCounts(int Received, int Forwarded, int Forwarding, int Queued, int DeadLettered, int CreditHold, int Expired);

/// <summary>One buyer's counts.</summary>
/// <param name="Buyer">The buyer.</param>
/// <param name="Counts">Its orders of the period.</param>
public sealed record BuyerReconciliation(string Buyer, ReconciliationCounts Counts);

/// <summary>An order of the period that is not forwarded: where it is and why.</summary>
/// <param name="Buyer">The buyer.</param>
/// <param name="OrderId">The buyer's orderID.</param>
/// <param name="Id">The gateway's id (the order API's {id}).</param>
/// <param name="PayloadId">The OrderRequest's payloadID.</param>
/// <param name="Type">new, update or delete.</param>
/// <param name="OrderVersion">The orderVersion.</param>
/// <param name="State">Its state: received, forwarding, dead-lettered or credit-hold.</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="Reason">Why it is not forwarded, for people.</param>
/// <param name="Attempts">How many attempts (support's replays among them) it has had.</param>
/// <param name="LastAttempt">The last of them; null when it was never tried.</param>
/// <param name="NextAttemptAt">When it is tried again, while forwarding.</param>
public sealed record OrderDifference(
    string Buyer,
    string OrderId,
    string Id,
    string PayloadId,
    string Type,
    int OrderVersion,
    string State,
    DateTimeOffset ReceivedAt,
    string Reason,
    int Attempts,
    ForwardingAttempt? LastAttempt,
    DateTimeOffset? NextAttemptAt)
{
    /// <summary>The difference <paramref name="order"/> makes.</summary>
    public static OrderDifference Of(OrderRecord order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var last = order.Attempts.Count > 0 ? order.Attempts[^1] : null;
        var reason = order.State switch
        {
            OrderState.DeadLettered or OrderState.CreditHold => order.DeadLetterReason ?? "no reason was recorded",
            OrderState.Forwarding => $"the ERP could not take it yet ({last?.Outcome}{(last?.Detail is { } detail ? $": {detail}" : string.Empty)}); tried again{(order.NextAttemptAt is { } next ? $" at {ReconciliationPeriod.Iso(next)}" : string.Empty)}",
            _ when last?.Outcome == ForwardingAttempt.Replayed => "replayed by support; queued again",
            _ => "queued; not tried yet (or waiting behind an earlier order of its buyer, or a pause)",
        };
        return new OrderDifference(
            order.BuyerId, order.OrderId, order.Id, order.PayloadId, order.Erp.Type, order.Erp.OrderVersion, OrderStates.Name(order.State), order.ReceivedAt, reason, order.Attempts.Count, last, order.NextAttemptAt);
    }
}
