using Punchout.Gateway.Configuration;
using Punchout.Gateway.Orders;
using Punchout.Gateway.Redis;
using Punchout.TestSupport;
using Punchout.Validation.Erp;
using StackExchange.Redis;

namespace Punchout.Gateway.Tests.Orders;

/// <summary>Defects an independent review found in the order stores, each now a test: a dead letter kept until it is
/// replayed, one written by an earlier version still replayable, and resuming all leaving a buyer paused on its own.</summary>
public abstract class ReviewOrderStoreFindings
{
    protected static readonly TimeSpan Idle = TimeSpan.FromMinutes(5);

    protected abstract IOrderStore Store { get; }

    protected abstract IStoreClock Clock { get; }

    // Finding: POST /api/v1/forwarding/resume (all buyers) also resumes a buyer that support paused on its own.
    [Fact]
    public async Task ResumeAll_LeavesABuyerPausedOnItsOwn_Paused()
    {
        await Store.SetPausedAsync("acme", true, default);   // acme's ERP account is being migrated
        await Store.SetPausedAsync(null, true, default);     // the ERP's maintenance window
        await Store.SetPausedAsync(null, false, default);    // the window ends

        var status = await Store.GetForwardingStatusAsync(default);
        Assert.True(status.IsPaused("acme"), "resuming every buyer after a maintenance window un-paused acme, which support paused on its own");
    }

    protected static OrderIntake Intake(OrderRecord order, string bodyHash) =>
        new(order, bodyHash, new IdempotencyAnswer(200, "OK", "accepted as " + order.Id), TimeSpan.FromHours(1));

    protected static OrderRecord Order(string payloadId) => OrderStoreContract.Order(payloadId);

    // Accepted, taken by a worker, and parked in credit-hold (as OrderForwardingWorker.HoldAsync does it).
    protected static async Task<OrderRecord> CreditHeldAsync(IOrderStore store, IStoreClock clock, string payloadId)
    {
        var order = Order(payloadId);
        await store.AcceptAsync(Intake(order, "body"), default);
        var entry = Assert.Single(await store.ReadQueueAsync("worker-a", 1, Idle, clock.Now, default));
        Assert.Equal(Turn.Go, await store.TakeTurnAsync(entry, default));
        var held = order with { State = OrderState.CreditHold, DeadLetterReason = "credit-hold: account C-1: invoice overdue" };
        Assert.True(await store.DeadLetterAsync(entry, held, default));
        return held;
    }
}

public sealed class InMemoryReviewFindings : ReviewOrderStoreFindings
{
    private readonly FakeStoreClock clock = new();

    public InMemoryReviewFindings() => Store = new InMemoryOrderStore(clock.Time);

    protected override IOrderStore Store { get; }

    protected override IStoreClock Clock => clock;

    // Finding: an order parked in credit-hold (or dead-lettered) waits for support, but is deleted after
    // Orders:IdempotencyRetention; the buyer was answered 200 and the order is gone.
    [Fact]
    public async Task CreditHeldOrder_IsStillThereForSupport_AfterTheRetention()
    {
        var store = new InMemoryOrderStore(clock.Time, Microsoft.Extensions.Options.Options.Create(new GatewayOptions { Orders = new() { IdempotencyRetention = TimeSpan.FromSeconds(1) } }));
        var held = await CreditHeldAsync(store, clock, "p-hold-expiry");

        await clock.ElapseAsync(TimeSpan.FromMinutes(2));
        await store.FindAsync("acme", "anything", "x", default); // any intake runs the sweep

        Assert.NotNull(await store.GetAsync(held.Id, default));
        Assert.Single(await store.ListAsync(OrderState.CreditHold, null, 10, default));
    }
}

public abstract class RedisReviewFindings(RedisServer server) : ReviewOrderStoreFindings, IAsyncLifetime
{
    private RedisTestStore? redis;

    protected RedisTestStore Redis => redis!;

    protected override IOrderStore Store => new RedisOrderStore(redis!.Connection, redis.Keys, redis.Options);

    protected override IStoreClock Clock { get; } = new RealStoreClock();

    public async Task InitializeAsync() => redis = await RedisTestStore.ConnectAsync(server);

    public async Task DisposeAsync() => await redis!.DisposeAsync();

    // Finding: as in memory, a credit-held / dead-lettered order disappears after the retention (record PX, dead-letter
    // stream MINID trim, deadentry PX); the dead-letter list no longer shows it and it can never be replayed.
    [Fact]
    public async Task CreditHeldOrder_IsStillThereForSupport_AfterTheRetention()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new GatewayOptions { Redis = Redis.Options.Value.Redis, Orders = new() { IdempotencyRetention = TimeSpan.FromSeconds(1) } });
        var store = new RedisOrderStore(Redis.Connection, new RedisKeys(options), options);
        var held = await CreditHeldAsync(store, Clock, "p-hold-expiry");

        await Clock.ElapseAsync(TimeSpan.FromMilliseconds(1500));

        Assert.NotNull(await store.GetAsync(held.Id, default));
        Assert.Single(await store.ListAsync(OrderState.CreditHold, null, 10, default));
    }

    // Finding: ReplayScript compares the stored JSON byte for byte with the record re-serialized by this version. A dead
    // letter written by a gateway version whose ErpOrder had fewer members (e.g. before "ERP body: every field", which
    // added requisitionId, shipComplete, ... after the existing members) can never be replayed: every attempt answers
    // 409 "not-replayable ... it is queued and will be forwarded", although it is dead-lettered.
    [Fact]
    public async Task DeadLetterWrittenByAnEarlierVersion_CanBeReplayed()
    {
        var order = Order("p-old-dead");
        await Store.AcceptAsync(Intake(order, "body"), default);
        var entry = Assert.Single(await Store.ReadQueueAsync("worker-a", 1, Idle, Clock.Now, default));
        await Store.TakeTurnAsync(entry, default);
        await Store.DeadLetterAsync(entry, order with { State = OrderState.DeadLettered, DeadLetterReason = "refused" }, default);

        // The same record as the earlier version wrote it: without the members added to the ERP body since.
        var key = Redis.Keys.Order(order.Id);
        var json = (string)(await Redis.Connection.GetDatabase().StringGetAsync(key))!;
        var earlier = json.Replace(",\"requisitionId\":null", string.Empty, StringComparison.Ordinal);
        Assert.NotEqual(json, earlier);
        await Redis.Connection.GetDatabase().StringSetAsync(key, earlier);

        var dead = (await Store.GetAsync(order.Id, default))!;
        Assert.Equal(OrderState.DeadLettered, dead.State);
        Assert.True(await Store.ReplayAsync(dead, OrderReplay.Replayed(dead, Clock.Now), default), "a dead letter written by the previous gateway version cannot be replayed");
    }
}

[Collection(RedisTests.Name)]
public sealed class RedisReviewFindingsTests(RedisServer redis) : RedisReviewFindings(redis);
