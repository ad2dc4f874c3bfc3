using Punchout.Gateway.Outbound;
using Punchout.TestSupport;

namespace Punchout.Gateway.Tests.Outbound;

/// <summary>What every outbound store must do; run against the in-process store, Redis and a Redis Cluster node.</summary>
public abstract class OutboundStoreContract
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(5);

    protected abstract IOutboundStore Store { get; }

    protected abstract IStoreClock Clock { get; }

    [Fact]
    public async Task EnqueueAsync_Document_IsStoredListedAndQueuedOnce()
    {
        var document = Document("ord-a");

        var result = await Store.EnqueueAsync(Intake(document, "C-1"), default);

        Assert.Equal((OutboundIntakeOutcome.Accepted, document.Id), (result.Outcome, result.OutboundId));
        var entry = Assert.Single(await Store.ReadQueueAsync("worker-a", 10, Idle, default));
        Assert.Equal((document.Id, "ord-a"), (entry.OutboundId, entry.GatewayOrderId));
        Assert.Empty(await Store.ReadQueueAsync("worker-a", 10, Idle, default));
        Assert.Equal(Json(document), Json(await Store.GetAsync(document.Id, default)));
        Assert.Equal([document.Id], (await Store.ListForOrderAsync("ord-a", default)).Select(d => d.Id));
        Assert.Empty(await Store.ListForOrderAsync("ord-other", default));
    }

    [Fact]
    public async Task EnqueueAsync_SameClientKeyAndBody_IsADuplicateOfTheFirstAndQueuesNothing()
    {
        var first = Document("ord-dup");
        await Store.EnqueueAsync(Intake(first, "C-1"), default);

        var again = await Store.EnqueueAsync(Intake(Document("ord-dup"), "C-1"), default);

        Assert.Equal((OutboundIntakeOutcome.Duplicate, first.Id), (again.Outcome, again.OutboundId));
        Assert.Single(await Store.ReadQueueAsync("worker-a", 10, Idle, default));
        Assert.Single(await Store.ListForOrderAsync("ord-dup", default));
    }

    [Fact]
    public async Task EnqueueAsync_SameClientKeyOtherBody_IsAConflictAndStoresNothing()
    {
        var first = Document("ord-conflict");
        await Store.EnqueueAsync(Intake(first, "C-1"), default);
        var other = Document("ord-conflict");

        var again = await Store.EnqueueAsync(Intake(other, "C-1", "another body"), default);

        Assert.Equal((OutboundIntakeOutcome.Conflict, first.Id), (again.Outcome, again.OutboundId));
        Assert.Null(await Store.GetAsync(other.Id, default));
        Assert.Single(await Store.ListForOrderAsync("ord-conflict", default));
    }

    [Fact]
    public async Task EnqueueAsync_WithoutAClientKey_IsNeverADuplicate()
    {
        await Store.EnqueueAsync(new OutboundIntake(Document("ord-nokey"), null, "body"), default);

        var second = await Store.EnqueueAsync(new OutboundIntake(Document("ord-nokey"), null, "body"), default);

        Assert.Equal(OutboundIntakeOutcome.Accepted, second.Outcome);
        Assert.Equal(2, (await Store.ListForOrderAsync("ord-nokey", default)).Count);
    }

    [Fact]
    public async Task FindAsync_AnswersAsEnqueueWouldWithoutStoringAnything()
    {
        var first = Document("ord-find");

        Assert.Null(await Store.FindAsync(Key("ord-find", "C-1"), "body", default));
        await Store.EnqueueAsync(Intake(first, "C-1"), default);

        Assert.Equal(new OutboundIntakeResult(OutboundIntakeOutcome.Duplicate, first.Id), await Store.FindAsync(Key("ord-find", "C-1"), "body", default));
        Assert.Equal(new OutboundIntakeResult(OutboundIntakeOutcome.Conflict, first.Id), await Store.FindAsync(Key("ord-find", "C-1"), "other", default));
        Assert.Null(await Store.FindAsync(Key("ord-find", "C-2"), "body", default));
    }

    [Fact]
    public async Task DocumentsOfOneOrder_AreQueuedOneAtATimeInPostingOrder_OtherOrdersDoNotWait()
    {
        var first = Document("ord-line");
        var second = Document("ord-line");
        var elsewhere = Document("ord-elsewhere");
        foreach (var document in new[] { first, second, elsewhere })
        {
            await Store.EnqueueAsync(Intake(document, document.Id), default);
        }

        var batch = await Store.ReadQueueAsync("worker-a", 10, Idle, default);

        Assert.Equal(new[] { first.Id, elsewhere.Id }.Order(StringComparer.Ordinal), batch.Select(e => e.OutboundId).Order(StringComparer.Ordinal));
        Assert.True(await Store.CompleteAsync(batch.Single(e => e.OutboundId == first.Id), first with { State = OutboundState.Delivered }, default));
        var next = Assert.Single(await Store.ReadQueueAsync("worker-a", 10, Idle, default));
        Assert.Equal(second.Id, next.OutboundId);
        Assert.Equal([first.Id, second.Id], (await Store.ListForOrderAsync("ord-line", default)).Select(d => d.Id));
        Assert.Equal(OutboundState.Delivered, (await Store.GetAsync(first.Id, default))!.State);
    }

    [Fact]
    public async Task DeadLetterAsync_SavesTheReason_AndTheOrdersNextDocumentGoes()
    {
        var refused = Document("ord-dead");
        var next = Document("ord-dead");
        await Store.EnqueueAsync(Intake(refused, "C-1"), default);
        await Store.EnqueueAsync(Intake(next, "C-2"), default);
        var entry = Assert.Single(await Store.ReadQueueAsync("worker-a", 10, Idle, default));

        Assert.True(await Store.DeadLetterAsync(entry, refused with { State = OutboundState.DeadLettered, DeadLetterReason = "refused: 400" }, default));

        Assert.Equal(next.Id, Assert.Single(await Store.ReadQueueAsync("worker-a", 10, Idle, default)).OutboundId);
        var stored = await Store.GetAsync(refused.Id, default);
        Assert.Equal((OutboundState.DeadLettered, "refused: 400"), (stored!.State, stored.DeadLetterReason));
    }

    [Fact]
    public async Task DeferAsync_TakesTheDocumentOffTheQueueUntilItsDelayHasPassed_AndItsOrderWaitsBehindIt()
    {
        var failing = Document("ord-defer");
        var next = Document("ord-defer");
        await Store.EnqueueAsync(Intake(failing, "C-1"), default);
        await Store.EnqueueAsync(Intake(next, "C-2"), default);
        var entry = Assert.Single(await Store.ReadQueueAsync("worker-a", 10, Idle, default));
        var attempt = new DeliveryAttempt(DateTimeOffset.UnixEpoch, "failed", "HTTP 503");

        Assert.True(await Store.DeferAsync(entry, failing with { Attempts = [attempt] }, TimeSpan.FromSeconds(1), default));
        Assert.Empty(await Store.ReadQueueAsync("worker-a", 10, Idle, default));
        await Clock.ElapseAsync(TimeSpan.FromMilliseconds(1500));

        var again = Assert.Single(await Store.ReadQueueAsync("worker-b", 10, Idle, default));
        Assert.Equal(failing.Id, again.OutboundId);
        Assert.Equal(attempt, Assert.Single((await Store.GetAsync(failing.Id, default))!.Attempts));
        Assert.True(await Store.CompleteAsync(again, failing with { State = OutboundState.Delivered }, default));
        Assert.Equal(next.Id, Assert.Single(await Store.ReadQueueAsync("worker-b", 10, Idle, default)).OutboundId);
    }

    [Fact]
    public async Task ReadQueueAsync_EntryOfAConsumerThatStopped_IsClaimedByAnotherAfterTheIdleTime()
    {
        var document = Document("ord-crash");
        await Store.EnqueueAsync(Intake(document, "C-1"), default);
        var idle = TimeSpan.FromMilliseconds(1000);
        Assert.Single(await Store.ReadQueueAsync("crashed", 10, idle, default));

        Assert.Empty(await Store.ReadQueueAsync("survivor", 10, idle, default));
        await Clock.ElapseAsync(TimeSpan.FromMilliseconds(1500));

        Assert.Equal(document.Id, Assert.Single(await Store.ReadQueueAsync("survivor", 10, idle, default)).OutboundId);
    }

    [Fact]
    public async Task FinishingAnEntryAnotherWorkerTookOver_ChangesNothing()
    {
        var document = Document("ord-taken");
        await Store.EnqueueAsync(Intake(document, "C-1"), default);
        var idle = TimeSpan.FromMilliseconds(1000);
        var slow = Assert.Single(await Store.ReadQueueAsync("slow-worker", 1, idle, default));
        await Clock.ElapseAsync(TimeSpan.FromMilliseconds(1500));
        var other = Assert.Single(await Store.ReadQueueAsync("other-worker", 1, idle, default));

        Assert.True(await Store.CompleteAsync(other, document with { State = OutboundState.Delivered }, default));
        Assert.False(await Store.DeferAsync(slow, document with { Attempts = [new DeliveryAttempt(DateTimeOffset.UnixEpoch, "failed", "late")] }, TimeSpan.Zero, default));
        Assert.False(await Store.DeadLetterAsync(slow, document with { State = OutboundState.DeadLettered }, default));
        Assert.False(await Store.AcknowledgeAsync(slow, default));

        var stored = await Store.GetAsync(document.Id, default);
        Assert.Equal(OutboundState.Delivered, stored!.State);
        Assert.Empty(stored.Attempts);
        Assert.Empty(await Store.ReadQueueAsync("other-worker", 1, idle, default));
    }

    [Fact]
    public async Task AcknowledgeAsync_TakesTheEntryOffAndTheOrdersNextDocumentGoes()
    {
        var first = Document("ord-ack");
        var second = Document("ord-ack");
        await Store.EnqueueAsync(Intake(first, "C-1"), default);
        await Store.EnqueueAsync(Intake(second, "C-2"), default);

        Assert.True(await Store.AcknowledgeAsync(Assert.Single(await Store.ReadQueueAsync("worker-a", 10, Idle, default)), default));

        Assert.Equal(second.Id, Assert.Single(await Store.ReadQueueAsync("worker-a", 10, Idle, default)).OutboundId);
    }

    [Fact]
    public async Task ReplayAsync_OfADeadLetteredDocument_QueuesItOnce()
    {
        var document = Document("ord-replay");
        await Store.EnqueueAsync(Intake(document, "C-1"), default);
        var entry = Assert.Single(await Store.ReadQueueAsync("worker-a", 10, Idle, default));
        var dead = document with { State = OutboundState.DeadLettered, DeadLetterReason = "refused" };
        Assert.True(await Store.DeadLetterAsync(entry, dead, default));
        var requeued = dead with { State = OutboundState.Queued, DeadLetterReason = null };

        Assert.True(await Store.ReplayAsync(requeued, default));
        Assert.False(await Store.ReplayAsync(requeued, default));

        Assert.Equal(document.Id, Assert.Single(await Store.ReadQueueAsync("worker-a", 10, Idle, default)).OutboundId);
        Assert.Equal(Json(requeued), Json(await Store.GetAsync(document.Id, default)));
        Assert.Single(await Store.ListForOrderAsync("ord-replay", default));
    }

    [Fact]
    public async Task ReplayAsync_OfADocumentNotDeadLettered_ChangesNothing()
    {
        var document = Document("ord-noreplay");
        await Store.EnqueueAsync(Intake(document, "C-1"), default);

        Assert.False(await Store.ReplayAsync(document with { DeadLetterReason = "changed" }, default));
        Assert.False(await Store.ReplayAsync(Document("ord-unknown"), default));

        Assert.Null((await Store.GetAsync(document.Id, default))!.DeadLetterReason);
        Assert.Single(await Store.ReadQueueAsync("worker-a", 10, Idle, default));
    }

    // Records with lists compare by reference; their JSON compares every value.
    private static string Json(OutboundDocument? document) => System.Text.Json.JsonSerializer.Serialize(document, Punchout.Gateway.Redis.GatewayJson.Options);

    private static OutboundIntake Intake(OutboundDocument document, string clientId, string body = "body") => new(document, Key(document.GatewayOrderId, clientId), body);

    private static string Key(string gatewayOrderId, string clientId) => $"erp:{gatewayOrderId}:confirmation:{clientId}";

    private static OutboundDocument Document(string gatewayOrderId) => new()
    {
        Id = "out-" + Guid.NewGuid().ToString("N")[..12],
        Type = OutboundType.Confirmation,
        GatewayOrderId = gatewayOrderId,
        OrderId = "PO-1",
        BuyerId = "acme",
        PayloadId = Guid.NewGuid().ToString("N") + "@gateway",
        ClientId = "C-1",
        Source = "erp",
        CreatedAt = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero),
        Lines = [new OutboundLine(1, 2m)],
        Document = "<cXML/>",
    };
}

public sealed class InMemoryOutboundStoreTests : OutboundStoreContract
{
    private readonly FakeStoreClock clock = new();

    public InMemoryOutboundStoreTests() => Store = new InMemoryOutboundStore(clock.Time);

    protected override IOutboundStore Store { get; }

    protected override IStoreClock Clock => clock;
}

/// <summary>The contract on a real redis-server, under a key prefix of the test's own.</summary>
public abstract class RedisOutboundStoreContract(RedisServer server) : OutboundStoreContract, IAsyncLifetime
{
    private RedisTestStore? redis;

    protected override IOutboundStore Store => new RedisOutboundStore(redis!.Connection, redis.Keys, redis.Options);

    protected override IStoreClock Clock { get; } = new RealStoreClock();

    public async Task InitializeAsync() => redis = await RedisTestStore.ConnectAsync(server);

    public async Task DisposeAsync() => await redis!.DisposeAsync();
}

[Collection(RedisTests.Name)]
public sealed class RedisOutboundStoreTests(RedisServer redis) : RedisOutboundStoreContract(redis);

/// <summary>The same contract on a Redis Cluster node, where each script's keys must share one slot.</summary>
[Collection(RedisClusterTests.Name)]
public sealed class RedisClusterOutboundStoreTests(RedisClusterNode cluster) : RedisOutboundStoreContract(cluster);
