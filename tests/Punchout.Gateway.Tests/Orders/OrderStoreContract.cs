using Punchout.Gateway.Configuration;
using Punchout.Gateway.Orders;
using Punchout.Gateway.Redis;
using Punchout.TestSupport;
using Punchout.Validation.Erp;

namespace Punchout.Gateway.Tests.Orders;

/// <summary>What every order store must do; run against Redis and against the in-process store.</summary>
public abstract class OrderStoreContract
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(5);

    protected abstract IOrderStore Store { get; }

    protected abstract IStoreClock Clock { get; }

    /// <summary>A store like <see cref="Store"/> that keeps a finished order's record for <paramref name="retention"/> only.</summary>
    protected abstract IOrderStore KeepingFinishedOrdersFor(TimeSpan retention);

    [Fact]
    public async Task AcceptAsync_NewOrder_IsStoredAndQueuedOnce()
    {
        var order = Order("p-1");

        var result = await Store.AcceptAsync(Intake(order, "body-1"), default);

        Assert.Equal(IntakeOutcome.Accepted, result.Outcome);
        Assert.Equal(order.Id, result.GatewayOrderId);
        var entry = Assert.Single(await Store.ReadQueueAsync("worker-a", 10, Idle, Clock.Now, default));
        Assert.Equal(order.Id, entry.GatewayOrderId);
        Assert.Empty(await Store.ReadQueueAsync("worker-a", 10, Idle, Clock.Now, default));
        Assert.Equal("PO-p-1", (await Store.GetAsync(order.Id, default))!.Erp.OrderId);
    }

    [Fact]
    public async Task AcceptAsync_SamePayloadIdAndBody_IsADuplicateWithTheFirstAnswerAndQueuesNothing()
    {
        var first = Order("p-dup");
        await Store.AcceptAsync(Intake(first, "same-body"), default);

        var again = await Store.AcceptAsync(Intake(Order("p-dup"), "same-body", "a different answer"), default);

        Assert.Equal(IntakeOutcome.Duplicate, again.Outcome);
        Assert.Equal(first.Id, again.GatewayOrderId);
        Assert.Equal("accepted as " + first.Id, again.Answer.Detail);
        Assert.Single(await Store.ReadQueueAsync("worker-a", 10, Idle, Clock.Now, default));
    }

    [Fact]
    public async Task FindAsync_AnswersAsAcceptWouldWithoutStoringAnything()
    {
        var first = Order("p-find");

        Assert.Null(await Store.FindAsync(first.BuyerId, "p-find", "body", default));
        Assert.Empty(await Store.ReadQueueAsync("worker-a", 10, Idle, Clock.Now, default));
        await Store.AcceptAsync(Intake(first, "body"), default);
        var duplicate = await Store.FindAsync(first.BuyerId, "p-find", "body", default);
        var conflict = await Store.FindAsync(first.BuyerId, "p-find", "other-body", default);

        Assert.Equal((IntakeOutcome.Duplicate, first.Id, "accepted as " + first.Id), (duplicate!.Outcome, duplicate.GatewayOrderId, duplicate.Answer.Detail));
        Assert.Equal(IntakeOutcome.Conflict, conflict!.Outcome);
        Assert.Null(await Store.FindAsync("another-buyer", "p-find", "body", default));
        Assert.Single(await Store.ReadQueueAsync("worker-a", 10, Idle, Clock.Now, default));
    }

    [Fact]
    public async Task AcceptAsync_SamePayloadIdOtherBody_IsAConflict()
    {
        await Store.AcceptAsync(Intake(Order("p-conflict"), "body-a"), default);

        var result = await Store.AcceptAsync(Intake(Order("p-conflict"), "body-b"), default);

        Assert.Equal(IntakeOutcome.Conflict, result.Outcome);
        Assert.Single(await Store.ReadQueueAsync("worker-a", 10, Idle, Clock.Now, default));
    }

    [Fact]
    public async Task AcceptAsync_SamePayloadIdFromAnotherBuyer_IsAnotherOrder()
    {
        await Store.AcceptAsync(Intake(Order("p-shared"), "body"), default);

        var result = await Store.AcceptAsync(Intake(Order("p-shared") with { BuyerId = "globex" }, "body"), default);

        Assert.Equal(IntakeOutcome.Accepted, result.Outcome);
        Assert.Equal(2, (await Store.ReadQueueAsync("worker-a", 10, Idle, Clock.Now, default)).Count);
    }

    [Fact]
    public async Task ReadQueueAsync_EntryOfAConsumerThatStopped_IsClaimedByAnotherAfterTheIdleTime()
    {
        var order = Order("p-crash");
        await Store.AcceptAsync(Intake(order, "body"), default);
        var idle = TimeSpan.FromMilliseconds(1500);
        Assert.Single(await Store.ReadQueueAsync("crashed", 10, idle, Clock.Now, default));

        Assert.Empty(await Store.ReadQueueAsync("survivor", 10, idle, Clock.Now, default));
        await Clock.ElapseAsync(TimeSpan.FromMilliseconds(2000));

        var claimed = Assert.Single(await Store.ReadQueueAsync("survivor", 10, idle, Clock.Now, default));
        Assert.Equal(order.Id, claimed.GatewayOrderId);
    }

    [Fact]
    public async Task CompleteAsync_SavesTheOrderAndTakesItOffTheQueue()
    {
        var order = Order("p-done");
        await Store.AcceptAsync(Intake(order, "body"), default);
        var entry = Assert.Single(await Store.ReadQueueAsync("worker-a", 10, TimeSpan.FromMilliseconds(100), Clock.Now, default));

        await Store.CompleteAsync(entry, order with { State = OrderState.Forwarded, ErpOrderId = "SO-1" }, default);
        await Clock.ElapseAsync(TimeSpan.FromMilliseconds(300));

        Assert.Empty(await Store.ReadQueueAsync("worker-b", 10, TimeSpan.FromMilliseconds(100), Clock.Now, default));
        var stored = await Store.GetAsync(order.Id, default);
        Assert.Equal((OrderState.Forwarded, "SO-1"), (stored!.State, stored.ErpOrderId));
    }

    [Fact]
    public async Task DeadLetterAsync_SavesTheReasonAndTakesItOffTheQueue()
    {
        var order = Order("p-dead");
        await Store.AcceptAsync(Intake(order, "body"), default);
        var entry = Assert.Single(await Store.ReadQueueAsync("worker-a", 10, TimeSpan.FromMilliseconds(100), Clock.Now, default));

        await Store.DeadLetterAsync(entry, order with { State = OrderState.DeadLettered, DeadLetterReason = "refused" }, default);
        await Clock.ElapseAsync(TimeSpan.FromMilliseconds(300));

        Assert.Empty(await Store.ReadQueueAsync("worker-b", 10, TimeSpan.FromMilliseconds(100), Clock.Now, default));
        Assert.Equal("refused", (await Store.GetAsync(order.Id, default))!.DeadLetterReason);
    }

    [Fact]
    public async Task DeferAsync_TakesTheOrderOffTheQueueUntilItsNextAttemptIsDue()
    {
        var order = Order("p-defer");
        await Store.AcceptAsync(Intake(order, "body"), default);
        var entry = Assert.Single(await Store.ReadQueueAsync("worker-a", 1, Idle, Clock.Now, default));
        Assert.Equal(Turn.Go, await Store.TakeTurnAsync(entry, default));

        var deferred = order with { State = OrderState.Forwarding, NextAttemptAt = Clock.Now.AddMilliseconds(1500), Attempts = [new ForwardingAttempt(DateTimeOffset.UnixEpoch, "unavailable", "503")] };
        Assert.True(await Store.DeferAsync(entry, deferred, default));
        Assert.Empty(await Store.ReadQueueAsync("worker-a", 1, Idle, Clock.Now, default));
        await Clock.ElapseAsync(TimeSpan.FromMilliseconds(2000));

        var again = Assert.Single(await Store.ReadQueueAsync("worker-b", 1, Idle, Clock.Now, default));
        Assert.Equal((order.Id, "acme"), (again.GatewayOrderId, again.BuyerId));
        Assert.Equal(Turn.Go, await Store.TakeTurnAsync(again, default));
        var stored = (await Store.GetAsync(order.Id, default))!;
        Assert.Equal((OrderState.Forwarding, "unavailable"), (stored.State, Assert.Single(stored.Attempts).Outcome));
        Assert.Equal([order.Id], (await Store.ListAsync(OrderState.Forwarding, null, 10, default)).Select(o => o.Id));
    }

    [Fact]
    public async Task FinishingAnEntryAnotherWorkerTookOver_ChangesNothing()
    {
        var order = Order("p-taken");
        await Store.AcceptAsync(Intake(order, "body"), default);
        var idle = TimeSpan.FromMilliseconds(1500);
        var slow = Assert.Single(await Store.ReadQueueAsync("slow-worker", 1, idle, Clock.Now, default));
        await Clock.ElapseAsync(TimeSpan.FromMilliseconds(2000));
        var other = Assert.Single(await Store.ReadQueueAsync("other-worker", 1, idle, Clock.Now, default));

        Assert.True(await Store.CompleteAsync(other, order with { State = OrderState.Forwarded, ErpOrderId = "SO-1" }, default));
        Assert.False(await Store.DeferAsync(slow, order with { Attempts = [new ForwardingAttempt(DateTimeOffset.UnixEpoch, "unavailable", "late")] }, default));
        Assert.False(await Store.DeadLetterAsync(slow, order with { State = OrderState.DeadLettered }, default));

        var stored = await Store.GetAsync(order.Id, default);
        Assert.Equal((OrderState.Forwarded, "SO-1"), (stored!.State, stored.ErpOrderId));
        Assert.Empty(stored.Attempts);
    }

    [Fact]
    public async Task ReadQueueAsync_IdleEntriesBehindManyBusyOnes_AreStillClaimed()
    {
        var idle = TimeSpan.FromMilliseconds(1500);
        var orders = Enumerable.Range(1, 12).Select(i => Order($"p-busy-{i}")).ToList();
        foreach (var order in orders)
        {
            await Store.AcceptAsync(Intake(order, "body"), default);
        }

        Assert.Equal(12, (await Store.ReadQueueAsync("crashed", 12, idle, Clock.Now, default)).Count);
        await Clock.ElapseAsync(TimeSpan.FromMilliseconds(2000));
        Assert.Equal(10, (await Store.ReadQueueAsync("busy", 10, idle, Clock.Now, default)).Count);

        var claimed = await Store.ReadQueueAsync("survivor", 1, idle, Clock.Now, default);

        Assert.Contains(Assert.Single(claimed).GatewayOrderId, orders.Skip(10).Select(o => o.Id));
    }

    [Fact]
    public async Task AcceptAsync_UpdateOfAnUnknownOrder_IsRefusedAndStoresNothing()
    {
        var update = Change("p-upd", "PO-unknown", "update", 2);

        var result = await Store.AcceptAsync(Intake(update, "body"), default);

        Assert.Equal((IntakeOutcome.UnknownOrder, (StoredOrderVersion?)null), (result.Outcome, result.Latest));
        Assert.Null(await Store.FindAsync(update.BuyerId, "p-upd", "body", default));
        Assert.Null(await Store.FindLatestAsync(update.BuyerId, "PO-unknown", default));
        Assert.Null(await Store.GetAsync(update.Id, default));
        Assert.Empty(await Store.ReadQueueAsync("worker-a", 10, Idle, Clock.Now, default));
    }

    [Fact]
    public async Task AcceptAsync_UpdateWithAHigherVersion_IsAcceptedAndBecomesTheLatest()
    {
        var first = Change("p-v1", "PO-h", "new", 1);
        await Store.AcceptAsync(Intake(first, "body-1"), default);

        var result = await Store.AcceptAsync(Intake(Change("p-v2", "PO-h", "update", 2), "body-2"), default);

        Assert.Equal(IntakeOutcome.Accepted, result.Outcome);
        Assert.Equal(new StoredOrderVersion(2, "update", "regular", "p-v2", result.GatewayOrderId), await Store.FindLatestAsync("acme", "PO-h", default));
        Assert.Null(await Store.FindLatestAsync("globex", "PO-h", default));
        Assert.Equal(2, (await Store.ReadQueueAsync("worker-a", 10, Idle, Clock.Now, default)).Count);
    }

    [Fact]
    public async Task AcceptAsync_UpdateWithTheSameOrALowerVersion_IsStaleAndStoresNothing()
    {
        await Store.AcceptAsync(Intake(Change("p-s1", "PO-s", "new", 1), "body-1"), default);
        await Store.AcceptAsync(Intake(Change("p-s2", "PO-s", "update", 3), "body-2"), default);
        var same = Change("p-s3", "PO-s", "update", 3);

        var sameVersion = await Store.AcceptAsync(Intake(same, "body-3"), default);
        var lower = await Store.AcceptAsync(Intake(Change("p-s4", "PO-s", "delete", 2), "body-4"), default);

        Assert.Equal((IntakeOutcome.StaleVersion, IntakeOutcome.StaleVersion), (sameVersion.Outcome, lower.Outcome));
        Assert.Equal(("p-s2", 3), (sameVersion.Latest!.PayloadId, sameVersion.Latest.OrderVersion));
        Assert.Null(await Store.FindAsync("acme", "p-s3", "body-3", default));
        Assert.Null(await Store.GetAsync(same.Id, default));
        Assert.Equal(2, (await Store.ReadQueueAsync("worker-a", 10, Idle, Clock.Now, default)).Count);
    }

    [Fact]
    public async Task AcceptAsync_ChangeOfADeletedOrder_IsUnknown()
    {
        await Store.AcceptAsync(Intake(Change("p-d1", "PO-d", "new", 1), "body-1"), default);
        await Store.AcceptAsync(Intake(Change("p-d2", "PO-d", "delete", 2), "body-2"), default);

        var result = await Store.AcceptAsync(Intake(Change("p-d3", "PO-d", "update", 3), "body-3"), default);

        Assert.Equal(IntakeOutcome.UnknownOrder, result.Outcome);
        Assert.True(result.Latest!.IsDelete);
        Assert.Equal(2, (await Store.ReadQueueAsync("worker-a", 10, Idle, Clock.Now, default)).Count);
    }

    [Fact]
    public async Task AcceptAsync_ConcurrentUpdatesOfTheSameVersion_OnlyOneIsAccepted()
    {
        await Store.AcceptAsync(Intake(Change("p-c1", "PO-c", "new", 1), "body-1"), default);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Store.AcceptAsync(Intake(Change($"p-c-{i}", "PO-c", "update", 2), $"body-{i}"), default)));

        Assert.Single(results, r => r.Outcome == IntakeOutcome.Accepted);
        Assert.Equal(7, results.Count(r => r.Outcome == IntakeOutcome.StaleVersion));
    }

    [Fact]
    public async Task AcceptAsync_NewOrderWithALowerVersion_IsAcceptedButDoesNotReplaceTheLatest()
    {
        await Store.AcceptAsync(Intake(Change("p-n1", "PO-n", "new", 2) with { Erp = Change("p-n1", "PO-n", "new", 2).Erp with { OrderType = "blanket" } }, "body-1"), default);

        var result = await Store.AcceptAsync(Intake(Change("p-n2", "PO-n", "new", 1), "body-2"), default);

        Assert.Equal(IntakeOutcome.Accepted, result.Outcome);
        Assert.Equal(("p-n1", "blanket"), ((await Store.FindLatestAsync("acme", "PO-n", default))!.PayloadId, (await Store.FindLatestAsync("acme", "PO-n", default))!.OrderType));
    }

    [Fact]
    public async Task AcceptAsync_SameBusinessKeyUnderANewPayloadId_IsTheSameOrderAndQueuesNothing()
    {
        var first = Order("p-key-1");
        await Store.AcceptAsync(Intake(first, "body-1", content: "content"), default);

        var resent = Order("p-key-2") with { OrderId = first.OrderId, Erp = first.Erp with { PayloadId = "p-key-2" } };
        var result = await Store.AcceptAsync(Intake(resent, "body-2", "another answer", "content"), default);

        Assert.Equal((IntakeOutcome.SameOrder, first.Id, "accepted as " + first.Id), (result.Outcome, result.GatewayOrderId, result.Answer.Detail));
        Assert.Single(await Store.ReadQueueAsync("worker-a", 10, Idle, Clock.Now, default));
        Assert.Null(await Store.GetAsync(resent.Id, default));
        var remembered = await Store.FindAsync("acme", "p-key-2", "body-2", default);
        Assert.Equal((IntakeOutcome.Duplicate, first.Id), (remembered!.Outcome, remembered.GatewayOrderId));
    }

    [Fact]
    public async Task AcceptAsync_SameBusinessKeyWithOtherContent_IsRefusedAndStoresNothing()
    {
        var first = Order("p-kc-1");
        await Store.AcceptAsync(Intake(first, "body-1", content: "content-1"), default);

        var other = Order("p-kc-2") with { OrderId = first.OrderId, Erp = first.Erp with { PayloadId = "p-kc-2", Total = 99m } };
        var result = await Store.AcceptAsync(Intake(other, "body-2", content: "content-2"), default);

        Assert.Equal((IntakeOutcome.SameOrderConflict, first.Id), (result.Outcome, result.GatewayOrderId));
        Assert.Null(await Store.FindAsync("acme", "p-kc-2", "body-2", default));
        Assert.Single(await Store.ReadQueueAsync("worker-a", 10, Idle, Clock.Now, default));
    }

    [Fact]
    public async Task TakeTurnAsync_ALaterOrderOfTheBuyer_WaitsUntilTheEarlierIsFinished_WhileOtherBuyersGoOn()
    {
        var first = Order("p-lane-1");
        var second = Order("p-lane-2");
        var other = Order("p-lane-3") with { BuyerId = "globex" };
        foreach (var order in new[] { first, second, other })
        {
            await Store.AcceptAsync(Intake(order, "body"), default);
        }

        var a = Assert.Single(await Store.ReadQueueAsync("worker-a", 1, Idle, Clock.Now, default));
        var b = Assert.Single(await Store.ReadQueueAsync("worker-b", 1, Idle, Clock.Now, default));
        var c = Assert.Single(await Store.ReadQueueAsync("worker-c", 1, Idle, Clock.Now, default));

        Assert.Equal([first.Id, second.Id, other.Id], new[] { a, b, c }.Select(e => e.GatewayOrderId));
        Assert.Equal(Turn.Go, await Store.TakeTurnAsync(a, default));
        Assert.Equal(Turn.Behind, await Store.TakeTurnAsync(b, default));
        Assert.Equal(Turn.Go, await Store.TakeTurnAsync(c, default));
        Assert.Empty(await Store.ReadQueueAsync("worker-b", 1, Idle, Clock.Now, default));
        Assert.Equal(2, (await Store.GetForwardingStatusAsync(default)).Buyers.Single(q => q.BuyerId == "acme").Depth);

        Assert.True(await Store.CompleteAsync(a, first with { State = OrderState.Forwarded, ErpOrderId = "SO-1" }, default));
        var next = Assert.Single(await Store.ReadQueueAsync("worker-b", 1, Idle, Clock.Now, default));
        Assert.Equal(second.Id, next.GatewayOrderId);
        Assert.Equal(Turn.Go, await Store.TakeTurnAsync(next, default));
    }

    [Fact]
    public async Task TakeTurnAsync_BehindADeferredOrder_WaitsUntilThatOneIsForwarded()
    {
        var first = Order("p-held-1");
        var second = Order("p-held-2");
        await Store.AcceptAsync(Intake(first, "body"), default);
        await Store.AcceptAsync(Intake(second, "body"), default);
        var a = Assert.Single(await Store.ReadQueueAsync("worker-a", 1, Idle, Clock.Now, default));
        Assert.Equal(Turn.Go, await Store.TakeTurnAsync(a, default));
        await Store.DeferAsync(a, first with { State = OrderState.Forwarding, NextAttemptAt = Clock.Now.AddMilliseconds(1000) }, default);

        var b = Assert.Single(await Store.ReadQueueAsync("worker-b", 1, Idle, Clock.Now, default));
        Assert.Equal((second.Id, Turn.Behind), (b.GatewayOrderId, await Store.TakeTurnAsync(b, default)));
        await Clock.ElapseAsync(TimeSpan.FromMilliseconds(1500));
        var retry = Assert.Single(await Store.ReadQueueAsync("worker-b", 1, Idle, Clock.Now, default));
        Assert.Equal((first.Id, Turn.Go), (retry.GatewayOrderId, await Store.TakeTurnAsync(retry, default)));
        Assert.Empty(await Store.ReadQueueAsync("worker-c", 1, Idle, Clock.Now, default));

        await Store.DeadLetterAsync(retry, first with { State = OrderState.DeadLettered, DeadLetterReason = "window spent" }, default);
        var then = Assert.Single(await Store.ReadQueueAsync("worker-c", 1, Idle, Clock.Now, default));
        Assert.Equal((second.Id, Turn.Go), (then.GatewayOrderId, await Store.TakeTurnAsync(then, default)));
    }

    [Theory]
    [InlineData("acme")]
    [InlineData(null)]
    public async Task SetPausedAsync_HoldsTheBuyersOrdersUntilResumed(string? paused)
    {
        var order = Order("p-pause");
        await Store.SetPausedAsync(paused, true, default);
        await Store.AcceptAsync(Intake(order, "body"), default);

        var entry = Assert.Single(await Store.ReadQueueAsync("worker-a", 1, Idle, Clock.Now, default));
        Assert.Equal(Turn.Paused, await Store.TakeTurnAsync(entry, default));
        Assert.Empty(await Store.ReadQueueAsync("worker-a", 1, Idle, Clock.Now, default));
        var status = await Store.GetForwardingStatusAsync(default);
        Assert.True(status.IsPaused("acme"));
        Assert.Equal((paused is null, 1), (status.PausedAll, status.Depth));

        await Store.SetPausedAsync(paused, false, default);
        var resumed = Assert.Single(await Store.ReadQueueAsync("worker-a", 1, Idle, Clock.Now, default));
        Assert.Equal((order.Id, Turn.Go), (resumed.GatewayOrderId, await Store.TakeTurnAsync(resumed, default)));
        Assert.False((await Store.GetForwardingStatusAsync(default)).IsPaused("acme"));
    }

    [Fact]
    public async Task ReplayAsync_QueuesADeadLetterOnce_AtTheEndOfItsLane()
    {
        var order = Order("p-replay");
        await Store.AcceptAsync(Intake(order, "body"), default);
        var entry = Assert.Single(await Store.ReadQueueAsync("worker-a", 1, Idle, Clock.Now, default));
        await Store.TakeTurnAsync(entry, default);
        await Store.DeadLetterAsync(entry, order with { State = OrderState.DeadLettered, DeadLetterReason = "refused" }, default);
        var dead = (await Store.GetAsync(order.Id, default))!;
        Assert.Equal([order.Id], (await Store.ListAsync(OrderState.DeadLettered, "acme", 10, default)).Select(o => o.Id));
        Assert.Empty(await Store.ListAsync(OrderState.DeadLettered, "globex", 10, default));

        var replayed = dead with { State = OrderState.Received, DeadLetterReason = null, Attempts = [new ForwardingAttempt(Clock.Now, ForwardingAttempt.Replayed, "was dead-lettered")] };
        Assert.True(await Store.ReplayAsync(dead, replayed, default));
        Assert.False(await Store.ReplayAsync(dead, replayed, default));

        Assert.Empty(await Store.ListAsync(OrderState.DeadLettered, null, 10, default));
        Assert.Equal([order.Id], (await Store.ListAsync(OrderState.Received, null, 10, default)).Select(o => o.Id));
        var again = Assert.Single(await Store.ReadQueueAsync("worker-b", 10, Idle, Clock.Now, default));
        Assert.Equal((order.Id, Turn.Go), (again.GatewayOrderId, await Store.TakeTurnAsync(again, default)));
    }

    [Fact]
    public async Task DrainAsync_MakesEveryRetryDueNow()
    {
        var order = Order("p-drain");
        await Store.AcceptAsync(Intake(order, "body"), default);
        var entry = Assert.Single(await Store.ReadQueueAsync("worker-a", 1, Idle, Clock.Now, default));
        await Store.TakeTurnAsync(entry, default);
        await Store.DeferAsync(entry, order with { State = OrderState.Forwarding, NextAttemptAt = Clock.Now.AddHours(1) }, default);
        Assert.Empty(await Store.ReadQueueAsync("worker-a", 1, Idle, Clock.Now, default));

        Assert.Equal(1, await Store.DrainAsync(default));

        Assert.Equal(order.Id, Assert.Single(await Store.ReadQueueAsync("worker-a", 1, Idle, Clock.Now, default)).GatewayOrderId);
    }

    [Fact]
    public async Task ListReceivedAsync_ListsThePeriodsArrivalsOldestFirst_WithTheirRecords_OfOneBuyerOrAll()
    {
        var since = DateTimeOffset.FromUnixTimeMilliseconds(Clock.Now.AddMinutes(-30).ToUnixTimeMilliseconds());
        var until = since.AddMinutes(10);
        var before = Order("p-rcv-0") with { ReceivedAt = since.AddMilliseconds(-1) };
        var first = Order("p-rcv-1") with { ReceivedAt = since };
        var other = Order("p-rcv-2") with { BuyerId = "globex", ReceivedAt = since.AddMinutes(1) };
        var last = Order("p-rcv-3") with { ReceivedAt = until.AddMilliseconds(-1) };
        var after = Order("p-rcv-4") with { ReceivedAt = until };
        foreach (var order in new[] { after, last, other, first, before })
        {
            await Store.AcceptAsync(Intake(order, "body", content: order.PayloadId), default);
        }

        // Neither a resend under a new payloadID nor a refused change is another arrival.
        var resent = Order("p-rcv-5") with { OrderId = first.OrderId, ReceivedAt = since.AddMinutes(2), Erp = first.Erp with { PayloadId = "p-rcv-5" } };
        Assert.Equal(IntakeOutcome.SameOrder, (await Store.AcceptAsync(Intake(resent, "body-5", content: first.PayloadId), default)).Outcome);
        var unknown = Change("p-rcv-6", "PO-never", "update", 2) with { ReceivedAt = since.AddMinutes(3) };
        Assert.Equal(IntakeOutcome.UnknownOrder, (await Store.AcceptAsync(Intake(unknown, "body-6"), default)).Outcome);

        var all = await Store.ListReceivedAsync(since, until, null, default).ToListAsync();
        var acme = await Store.ListReceivedAsync(since, until, "acme", default).ToListAsync();

        Assert.Equal([first.Id, other.Id, last.Id], all.Select(a => a.GatewayOrderId));
        Assert.Equal(["acme", "globex", "acme"], all.Select(a => a.BuyerId));
        Assert.Equal([since, since.AddMinutes(1), until.AddMilliseconds(-1)], all.Select(a => a.ReceivedAt));
        Assert.Equal([first.OrderId, other.OrderId, last.OrderId], all.Select(a => a.Order!.OrderId));
        Assert.All(all, a => Assert.Equal(OrderState.Received, a.Order!.State));
        Assert.Equal([first.Id, last.Id], acme.Select(a => a.GatewayOrderId));
        Assert.Empty(await Store.ListReceivedAsync(since, until, "initech", default).ToListAsync());
    }

    [Fact]
    public async Task ListReceivedAsync_ShowsEachOrdersStateNow()
    {
        var since = Clock.Now.AddMinutes(-5);
        var forwarded = Order("p-rcs-1") with { ReceivedAt = Clock.Now.AddMinutes(-2) };
        var dead = Order("p-rcs-2") with { BuyerId = "globex", ReceivedAt = Clock.Now.AddMinutes(-1) };
        await Store.AcceptAsync(Intake(forwarded, "body"), default);
        await Store.AcceptAsync(Intake(dead, "body"), default);
        var entries = await Store.ReadQueueAsync("worker-a", 10, Idle, Clock.Now, default);
        await Store.CompleteAsync(entries.Single(e => e.GatewayOrderId == forwarded.Id), forwarded with { State = OrderState.Forwarded, ErpOrderId = "SO-1" }, default);
        await Store.DeadLetterAsync(entries.Single(e => e.GatewayOrderId == dead.Id), dead with { State = OrderState.DeadLettered, DeadLetterReason = "refused" }, default);

        var listed = await Store.ListReceivedAsync(since, Clock.Now.AddMinutes(1), null, default).ToListAsync();

        Assert.Equal([(forwarded.Id, OrderState.Forwarded, null), (dead.Id, OrderState.DeadLettered, "refused")], listed.Select(a => (a.GatewayOrderId, a.Order!.State, a.Order.DeadLetterReason)));
    }

    [Fact]
    public async Task ListReceivedAsync_AFinishedOrderPastTheRetention_IsListedWithoutItsRecord_AnUnfinishedOneWithIt()
    {
        var store = KeepingFinishedOrdersFor(TimeSpan.FromSeconds(1));
        var since = Clock.Now.AddMinutes(-5);
        var finished = Order("p-exp-1") with { ReceivedAt = Clock.Now.AddMinutes(-2) };
        var waiting = Order("p-exp-2") with { ReceivedAt = Clock.Now.AddMinutes(-1) };
        await store.AcceptAsync(Intake(finished, "body"), default);
        var entry = Assert.Single(await store.ReadQueueAsync("worker-a", 1, Idle, Clock.Now, default));
        await store.CompleteAsync(entry, finished with { State = OrderState.Forwarded, ErpOrderId = "SO-1" }, default);
        await store.AcceptAsync(Intake(waiting, "body"), default);

        await Clock.ElapseAsync(TimeSpan.FromMilliseconds(1500));
        var listed = await store.ListReceivedAsync(since, Clock.Now, null, default).ToListAsync();

        Assert.Equal([(finished.Id, "acme", false), (waiting.Id, "acme", true)], listed.Select(a => (a.GatewayOrderId, a.BuyerId, a.Order is not null)));
    }

    [Fact]
    public async Task ListReceivedAsync_ArrivalsOlderThanTwiceTheRetention_AreTrimmed()
    {
        // The intake's retention is an hour: an arrival three hours before the latest is no longer indexed.
        var old = Order("p-trim-1") with { ReceivedAt = Clock.Now.AddHours(-3) };
        var recent = Order("p-trim-2") with { ReceivedAt = Clock.Now.AddMinutes(-90) };
        var now = Order("p-trim-3") with { ReceivedAt = Clock.Now };
        foreach (var order in new[] { old, recent, now })
        {
            await Store.AcceptAsync(Intake(order, "body"), default);
        }

        var listed = await Store.ListReceivedAsync(Clock.Now.AddHours(-4), Clock.Now.AddMinutes(1), null, default).ToListAsync();

        Assert.Equal([recent.Id, now.Id], listed.Select(a => a.GatewayOrderId));
        Assert.NotNull(await Store.GetAsync(old.Id, default));
    }

    private static OrderRecord Change(string payloadId, string orderId, string type, int version)
    {
        var order = Order(payloadId);
        return order with { OrderId = orderId, Erp = order.Erp with { OrderId = orderId, Type = type, OrderVersion = version } };
    }

    private static OrderIntake Intake(OrderRecord order, string bodyHash, string? detail = null, string? content = null) =>
        new(order, bodyHash, new IdempotencyAnswer(200, "OK", detail ?? "accepted as " + order.Id), TimeSpan.FromHours(1), content);

    /// <summary>A new order of buyer acme with one line, under <paramref name="payloadId"/>.</summary>
    internal static OrderRecord Order(string payloadId) => new()
    {
        Id = "ord-" + Guid.NewGuid().ToString("N")[..12],
        BuyerId = "acme",
        PayloadId = payloadId,
        OrderId = "PO-" + payloadId,
        ReceivedAt = DateTimeOffset.UnixEpoch,
        Erp = new ErpOrder
        {
            Buyer = "acme",
            Account = "C-1",
            OrderId = "PO-" + payloadId,
            PayloadId = payloadId,
            Type = "new",
            OrderType = "regular",
            OrderDate = DateTimeOffset.UnixEpoch,
            Currency = "USD",
            Total = 25m,
            Lines = [new ErpOrderLine { LineNumber = 1, SupplierPartId = "DEMO-1001", Quantity = 2 }],
        },
    };
}

public sealed class InMemoryOrderStoreTests : OrderStoreContract
{
    private readonly FakeStoreClock clock = new();

    public InMemoryOrderStoreTests() => Store = new InMemoryOrderStore(clock.Time);

    protected override IOrderStore Store { get; }

    protected override IStoreClock Clock => clock;

    protected override IOrderStore KeepingFinishedOrdersFor(TimeSpan retention) =>
        new InMemoryOrderStore(clock.Time, Microsoft.Extensions.Options.Options.Create(new GatewayOptions { Orders = new() { IdempotencyRetention = retention } }));
}

/// <summary>The contract on a real redis-server, under a key prefix of the test's own.</summary>
public abstract class RedisOrderStoreContract(RedisServer server) : OrderStoreContract, IAsyncLifetime
{
    private RedisTestStore? redis;

    protected override IOrderStore Store => new RedisOrderStore(redis!.Connection, redis.Keys, redis.Options);

    protected override IStoreClock Clock { get; } = new RealStoreClock();

    protected override IOrderStore KeepingFinishedOrdersFor(TimeSpan retention)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new GatewayOptions { Redis = redis!.Options.Value.Redis, Orders = new() { IdempotencyRetention = retention } });
        return new RedisOrderStore(redis.Connection, new RedisKeys(options), options);
    }

    public async Task InitializeAsync() => redis = await RedisTestStore.ConnectAsync(server);

    public async Task DisposeAsync() => await redis!.DisposeAsync();
}

[Collection(RedisTests.Name)]
public sealed class RedisOrderStoreTests(RedisServer redis) : RedisOrderStoreContract(redis);

/// <summary>The same contract on a Redis Cluster node, where the intake script's keys must share one slot.</summary>
[Collection(RedisClusterTests.Name)]
public sealed class RedisClusterOrderStoreTests(RedisClusterNode cluster) : RedisOrderStoreContract(cluster);
