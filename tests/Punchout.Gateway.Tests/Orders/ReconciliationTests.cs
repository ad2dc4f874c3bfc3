using Punchout.Gateway.Orders;
using Punchout.Validation.Erp;

namespace Punchout.Gateway.Tests.Orders;

public class ReconciliationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(7);
    private static readonly ReconciliationPeriod Week = new(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), Now);

    [Theory]
    [InlineData("2026-11-23", "2026-11-23T00:00:00Z")]
    [InlineData("2026-11-23T08:30", "2026-11-23T08:30:00Z")]
    [InlineData("2026-11-23T08:30:15", "2026-11-23T08:30:15Z")]
    [InlineData("2026-11-23T08:30:15Z", "2026-11-23T08:30:15Z")]
    [InlineData("2026-11-23T08:30:15.250Z", "2026-11-23T08:30:15.25Z")]
    [InlineData("2026-11-23T09:30:15+01:00", "2026-11-23T08:30:15Z")]
    [InlineData(" 2026-11-23T03:30-05:00 ", "2026-11-23T08:30:00Z")]
    public void ParseInstant_IsoDatesAndDateTimes_AreReadInUtc(string text, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ReconciliationPeriod.ParseInstant(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("last week")]
    [InlineData("23.11.2026")]
    [InlineData("11/23/2026")]
    [InlineData("2026-11-31")]
    [InlineData("2026-11-23T25:00")]
    [InlineData("2026-11-23 08:30")]
    [InlineData("Nov 23 2026")]
    [InlineData("1764000000")]
    public void ParseInstant_AnythingElse_IsNone(string text)
    {
        Assert.Null(ReconciliationPeriod.ParseInstant(text));
    }

    [Fact]
    public void Read_WithoutUntil_EndsNow()
    {
        var (period, code, _) = ReconciliationPeriod.Read("2026-11-23", null, Now);

        Assert.Null(code);
        Assert.Equal(Week, period);
    }

    [Theory]
    [InlineData(null, null, "invalid-since", "--since is required: an ISO 8601 date")]
    [InlineData("yesterday", null, "invalid-since", "--since 'yesterday' is not an ISO 8601 date")]
    [InlineData("2026-11-23", "soon", "invalid-until", "--until 'soon' is not an ISO 8601 date")]
    [InlineData("2026-11-23", "2026-11-23", "invalid-period", "The period is empty: --until (2026-11-23T00:00:00Z) must be after --since (2026-11-23T00:00:00Z).")]
    [InlineData("2026-12-01", null, "invalid-period", "The period is empty: --until (2026-11-30T08:00:00Z, now) must be after --since (2026-12-01T00:00:00Z).")]
    public void Read_NoPeriod_SaysWhyInTheCallersWords(string? since, string? until, string code, string problem)
    {
        var read = ReconciliationPeriod.Read(since, until, Now, "--since", "--until");

        Assert.Null(read.Period);
        Assert.Equal(code, read.Code);
        Assert.StartsWith(problem, read.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAsync_CountsEveryStatePerBuyer_AndListsEveryOrderNotForwarded()
    {
        var at = Week.Since.AddDays(1);
        var retried = new ForwardingAttempt(at.AddMinutes(1), "unavailable", "HTTP 503");
        var retrying = Arrival("acme", "PO-2", OrderState.Forwarding, at.AddHours(1));
        retrying = retrying with { Order = retrying.Order! with { Attempts = [retried], NextAttemptAt = at.AddHours(2) } };
        ReceivedOrder[] received =
        [
            Arrival("acme", "PO-1", OrderState.Forwarded, at),
            retrying,
            Arrival("globex", "PO-3", OrderState.DeadLettered, at.AddHours(2), "ERP refused: blocked material"),
            Arrival("acme", "PO-4", OrderState.Received, at.AddHours(3)),
            Arrival("globex", "PO-5", OrderState.CreditHold, at.AddHours(4), "credit-hold: account C-2: overdue"),
            Arrival("globex", "PO-6", OrderState.Forwarded, at.AddHours(5)),
        ];

        var report = await Build(received);

        Assert.Equal(["acme", "globex"], report.Buyers.Select(b => b.Buyer));
        Assert.Equal(new ReconciliationCounts(3, 1, 1, 1, 0, 0, 0), report.Buyers[0].Counts);
        Assert.Equal(new ReconciliationCounts(3, 1, 0, 0, 1, 1, 0), report.Buyers[1].Counts);
        Assert.Equal(new ReconciliationCounts(6, 2, 1, 1, 1, 1, 0), report.Totals);
        Assert.Equal(
            [("acme", "PO-2", "forwarding"), ("acme", "PO-4", "received"), ("globex", "PO-3", "dead-lettered"), ("globex", "PO-5", "credit-hold")],
            report.Differences.Select(d => (d.Buyer, d.OrderId, d.State)));
        Assert.Equal("the ERP could not take it yet (unavailable: HTTP 503); tried again at 2026-11-24T02:00:00Z", report.Differences[0].Reason);
        Assert.Equal((1, retried), (report.Differences[0].Attempts, report.Differences[0].LastAttempt));
        Assert.StartsWith("queued; not tried yet", report.Differences[1].Reason, StringComparison.Ordinal);
        Assert.Equal("ERP refused: blocked material", report.Differences[2].Reason);
        Assert.Equal("credit-hold: account C-2: overdue", report.Differences[3].Reason);
        Assert.True(report.Complete);
        Assert.False(report.Reconciled);
    }

    [Fact]
    public async Task BuildAsync_EveryOrderForwarded_IsReconciled()
    {
        var report = await Build([Arrival("acme", "PO-1", OrderState.Forwarded, Week.Since), Arrival("acme", "PO-2", OrderState.Forwarded, Week.Since.AddHours(1))]);

        Assert.True(report.Reconciled);
        Assert.Empty(report.Differences);
        Assert.Empty(report.Incomplete);
        Assert.Equal(Now - Retention, report.ReconcilableFrom);
    }

    [Fact]
    public async Task BuildAsync_OneBuyerAskedFor_HasItsRowEvenWithoutOrders()
    {
        var report = await Build([], "acme");

        Assert.Equal(new ReconciliationCounts(0, 0, 0, 0, 0, 0, 0), Assert.Single(report.Buyers, b => b.Buyer == "acme").Counts);
        Assert.True(report.Reconciled);
    }

    [Fact]
    public async Task BuildAsync_ArrivalsWhoseRecordsExpired_AreCountedAsExpired_AndTheReportIsIncomplete()
    {
        ReceivedOrder[] received = [new("acme", "ord-gone", Week.Since, null), Arrival("acme", "PO-2", OrderState.Forwarded, Week.Since.AddDays(3))];

        var report = await Build(received);

        Assert.Equal(new ReconciliationCounts(2, 1, 0, 0, 0, 0, 1), report.Totals);
        Assert.Empty(report.Differences);
        Assert.False(report.Complete);
        Assert.False(report.Reconciled);
        Assert.StartsWith("1 order(s) of the period finished more than Orders:IdempotencyRetention (7 days) ago", Assert.Single(report.Incomplete), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAsync_APeriodStartingBeforeTheIndexReaches_IsIncomplete()
    {
        var report = await ReconciliationReport.BuildAsync(AsyncEnumerable.Empty<ReceivedOrder>(), Week with { Since = Now.AddDays(-15) }, null, Now, Retention, default);

        Assert.False(report.Reconciled);
        Assert.Equal(
            "The period starts before 2026-11-16T08:00:00Z: arrivals are indexed for twice Orders:IdempotencyRetention (14 days), so orders received before then are not counted at all.",
            Assert.Single(report.Incomplete));
    }

    private static Task<ReconciliationReport> Build(IEnumerable<ReceivedOrder> received, string? buyer = null) =>
        ReconciliationReport.BuildAsync(received.ToAsyncEnumerable(), Week, buyer, Now, Retention, default);

    private static ReceivedOrder Arrival(string buyer, string orderId, OrderState state, DateTimeOffset at, string? reason = null)
    {
        var order = new OrderRecord
        {
            Id = "ord-" + orderId.ToLowerInvariant(),
            BuyerId = buyer,
            PayloadId = orderId + "@test",
            OrderId = orderId,
            State = state,
            ReceivedAt = at,
            DeadLetterReason = reason,
            Erp = new ErpOrder { Buyer = buyer, Account = "C-1", OrderId = orderId, PayloadId = orderId + "@test", Type = "new", OrderType = "regular", OrderDate = at, Currency = "USD", Total = 1m, Lines = [] },
        };
        return new ReceivedOrder(buyer, order.Id, at, order);
    }
}
