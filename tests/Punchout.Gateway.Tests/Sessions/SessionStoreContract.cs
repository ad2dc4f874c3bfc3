using Microsoft.Extensions.Time.Testing;
using Punchout.Gateway.Sessions;
using Punchout.Protocols.Cxml;
using Punchout.TestSupport;

namespace Punchout.Gateway.Tests.Sessions;

/// <summary>What every session store must do; run against Redis and against the in-process store.</summary>
public abstract class SessionStoreContract
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    // A lifetime that steps taken at once stay well inside on a busy machine, and a wait well past it.
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(1500);
    private static readonly TimeSpan PastShort = TimeSpan.FromMilliseconds(2000);

    protected abstract IPunchoutSessionStore Store { get; }

    protected abstract IStoreClock Clock { get; }

    [Fact]
    public async Task CreateAsync_ThenGetAsync_GivesBackEveryField()
    {
        var session = Session();
        await Store.CreateAsync(session, "start-hash", Long, Long, default);

        var stored = await Store.GetAsync(session.Id, Long, default);

        Assert.NotNull(stored);
        Assert.Equal(session.BuyerCookie, stored.BuyerCookie);
        Assert.Equal(session.ReturnUrl, stored.ReturnUrl);
        Assert.Equal(session.User, stored.User);
        Assert.Equal(session.ShipTo!.PostalAddress!.Street, stored.ShipTo!.PostalAddress!.Street);
        Assert.Equal(session.BuyerCredentials, stored.BuyerCredentials);
        Assert.Equal(session.Items, stored.Items);
        Assert.Equal(session.Extrinsics, stored.Extrinsics);
        Assert.Equal(DeploymentMode.Test, stored.DeploymentMode);
        Assert.Equal(SessionState.Created, stored.State);
    }

    [Fact]
    public async Task RedeemStartTokenAsync_WorksOnceOnly()
    {
        var session = Session();
        await Store.CreateAsync(session, "start-once", Long, Long, default);

        Assert.False(await Store.RedeemStartTokenAsync("another-session-id", "start-once", default));
        Assert.True(await Store.RedeemStartTokenAsync(session.Id, "start-once", default));
        Assert.False(await Store.RedeemStartTokenAsync(session.Id, "start-once", default));
        Assert.False(await Store.RedeemStartTokenAsync(session.Id, "never-issued", default));
    }

    [Fact]
    public async Task RedeemStartTokenAsync_AfterItsLifetime_GivesNothing()
    {
        var session = Session();
        await Store.CreateAsync(session, "start-expiring", Long, TimeSpan.FromMilliseconds(200), default);

        await Clock.ElapseAsync(TimeSpan.FromMilliseconds(400));

        Assert.False(await Store.RedeemStartTokenAsync(session.Id, "start-expiring", default));
    }

    [Fact]
    public async Task GetAsync_SlidesTheLifetimeOnEveryUse()
    {
        var session = Session();
        // Margins wide enough for a busy machine: each step is well inside, the last well past, the lifetime.
        var ttl = TimeSpan.FromMilliseconds(2000);
        await Store.CreateAsync(session, "slide", ttl, Long, default);

        await Clock.ElapseAsync(TimeSpan.FromMilliseconds(1200));
        Assert.NotNull(await Store.GetAsync(session.Id, ttl, default));
        await Clock.ElapseAsync(TimeSpan.FromMilliseconds(1200));
        Assert.NotNull(await Store.GetAsync(session.Id, ttl, default));
        await Clock.ElapseAsync(TimeSpan.FromMilliseconds(2500));
        Assert.Null(await Store.GetAsync(session.Id, ttl, default));
    }

    [Fact]
    public async Task TryStartAsync_MovesCreatedToStartedOnce()
    {
        var session = Session();
        await Store.CreateAsync(session, "s", Long, Long, default);

        Assert.True(await Store.TryStartAsync(session.Id, default));
        Assert.False(await Store.TryStartAsync(session.Id, default));
        Assert.Equal(SessionState.Started, (await Store.GetAsync(session.Id, Long, default))!.State);
        Assert.False(await Store.TryStartAsync("unknown-session-id", default));
    }

    [Fact]
    public async Task TryCloseAsync_FromStarted_StoresTheReturnOnce()
    {
        var session = Session();
        await Store.CreateAsync(session, "s", Long, Long, default);
        await Store.TryStartAsync(session.Id, default);

        Assert.True(await Store.TryCloseAsync(session.Id, SessionState.Returned, "return-1", Pending(session), Long, default));
        Assert.False(await Store.TryCloseAsync(session.Id, SessionState.Cancelled, "return-2", Pending(session), Long, default));

        Assert.Equal(SessionState.Returned, (await Store.GetAsync(session.Id, Long, default))!.State);
        Assert.Null(await Store.RedeemReturnAsync("another-session-id", "return-1", default));
        var pending = await Store.RedeemReturnAsync(session.Id, "return-1", default);
        Assert.Equal([new FormField("NEW_ITEM-DESCRIPTION[1]", "Müller & Söhne"), new FormField("~OkCode", "ADDI")], pending!.Fields);
        Assert.Equal(("_parent", "iso-8859-1"), (pending.Target, pending.Charset));
        Assert.Null(await Store.RedeemReturnAsync(session.Id, "return-1", default));
        Assert.Null(await Store.RedeemReturnAsync(session.Id, "return-2", default));
    }

    [Fact]
    public async Task TryCloseAsync_BeforeStart_LeavesNoReturnBehind()
    {
        var session = Session();
        await Store.CreateAsync(session, "s", Long, Long, default);

        Assert.False(await Store.TryCloseAsync(session.Id, SessionState.Returned, "return-early", Pending(session), Long, default));

        Assert.Null(await Store.RedeemReturnAsync(session.Id, "return-early", default));
        Assert.Equal(SessionState.Created, (await Store.GetAsync(session.Id, Long, default))!.State);
    }

    [Fact]
    public async Task TakeExpiredAsync_AnOpenSessionPastItsLifetime_IsTakenOnce_WithItsBuyerAndProtocol()
    {
        var created = Session();
        var started = Session() with { Protocol = "oci", BuyerId = "globex" };
        await Store.CreateAsync(created, "s1", Short, Long, default);
        await Store.CreateAsync(started, "s2", Short, Long, default);
        await Store.TryStartAsync(started.Id, default);
        Assert.Empty(await Store.TakeExpiredAsync(Clock.Now, 10, default));

        await Clock.ElapseAsync(PastShort);

        var expired = await Store.TakeExpiredAsync(Clock.Now, 10, default);
        Assert.Equal(
            [new ExpiredSession(created.Id, "acme", "cxml"), new ExpiredSession(started.Id, "globex", "oci")],
            expired.OrderBy(e => e.BuyerId, StringComparer.Ordinal));
        Assert.Empty(await Store.TakeExpiredAsync(Clock.Now, 10, default));
    }

    [Fact]
    public async Task TakeExpiredAsync_ASessionThatGotACartOrACancel_IsNeverTaken()
    {
        var returned = Session();
        var cancelled = Session();
        foreach (var (session, state) in new[] { (returned, SessionState.Returned), (cancelled, SessionState.Cancelled) })
        {
            await Store.CreateAsync(session, "s", Short, Long, default);
            await Store.TryStartAsync(session.Id, default);
            Assert.True(await Store.TryCloseAsync(session.Id, state, "r", Pending(session), Long, default));
        }

        await Clock.ElapseAsync(PastShort);

        Assert.Null(await Store.GetAsync(returned.Id, Long, default));
        Assert.Empty(await Store.TakeExpiredAsync(Clock.Now, 10, default));
    }

    [Fact]
    public async Task TakeExpiredAsync_ASessionKeptAliveByUse_IsTakenOnlyOnceItsSlidLifetimeIsOver()
    {
        var session = Session();
        // Short steps inside a long lifetime: on a loaded two-core machine a delay's continuation can run seconds late
        // (CI saw it with 1.5 s steps in a 3 s lifetime), and only the last step must pass the lifetime.
        var ttl = TimeSpan.FromMilliseconds(8000);
        await Store.CreateAsync(session, "slide", ttl, Long, default);
        await Clock.ElapseAsync(TimeSpan.FromMilliseconds(1000));
        Assert.NotNull(await Store.GetAsync(session.Id, ttl, default));

        await Clock.ElapseAsync(TimeSpan.FromMilliseconds(1000));
        Assert.Empty(await Store.TakeExpiredAsync(Clock.Now, 10, default));

        await Clock.ElapseAsync(TimeSpan.FromMilliseconds(8500));
        Assert.Equal(session.Id, Assert.Single(await Store.TakeExpiredAsync(Clock.Now, 10, default)).SessionId);
    }

    [Fact]
    public async Task TakeExpiredAsync_TakesAtMostTheLimit_TheRestTheNextTime()
    {
        var sessions = Enumerable.Range(0, 3).Select(_ => Session()).ToList();
        foreach (var session in sessions)
        {
            await Store.CreateAsync(session, "s", TimeSpan.FromMilliseconds(300), Long, default);
        }

        await Clock.ElapseAsync(TimeSpan.FromMilliseconds(600));

        var first = await Store.TakeExpiredAsync(Clock.Now, 2, default);
        var second = await Store.TakeExpiredAsync(Clock.Now, 2, default);
        Assert.Equal((2, 1), (first.Count, second.Count));
        Assert.Equal(sessions.Select(s => s.Id).Order(), first.Concat(second).Select(e => e.SessionId).Order());
    }

    private static PendingReturn Pending(PunchoutSession session) => new()
    {
        SessionId = session.Id,
        BuyerId = session.BuyerId,
        SetupPayloadId = session.SetupPayloadId,
        FormUrl = session.ReturnUrl,
        Fields = [new FormField("NEW_ITEM-DESCRIPTION[1]", "Müller & Söhne"), new FormField("~OkCode", "ADDI")],
        Target = "_parent",
        Charset = "iso-8859-1",
    };

    [Fact]
    public async Task ListAsync_GivesTheBuyersSessionsNewestFirst_AsTheyAreNow()
    {
        var older = Session() with { CreatedAt = Clock.Now.AddMinutes(-5) };
        var newer = Session() with { CreatedAt = Clock.Now.AddMinutes(-1) };
        var other = Session() with { BuyerId = "globex", CreatedAt = Clock.Now };
        foreach (var session in new[] { older, newer, other })
        {
            await Store.CreateAsync(session, SessionTokens.Hash("t-" + session.Id), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(5), default);
        }

        await Store.TryStartAsync(newer.Id, default);
        var listed = await Store.ListAsync("acme", 10, default);

        Assert.Equal([(newer.Id, SessionState.Started), (older.Id, SessionState.Created)], listed.Select(s => (s.Id, s.State)));
        Assert.Equal([other.Id], (await Store.ListAsync("globex", 10, default)).Select(s => s.Id));
        Assert.Single(await Store.ListAsync("acme", 1, default));
        Assert.Empty(await Store.ListAsync("nobody", 10, default));
    }

    private static PunchoutSession Session() => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        BuyerId = "acme",
        Protocol = "cxml",
        Operation = "edit",
        BuyerCookie = "cookie-" + Guid.NewGuid().ToString("N"),
        ReturnUrl = "https://buyer.example/cart?x=1",
        SetupPayloadId = "p-1",
        DeploymentMode = DeploymentMode.Test,
        BuyerCredentials = [new PartyCredential("NetworkID", "AN01")],
        SupplierCredentials = [new PartyCredential("DUNS", "1")],
        User = new SessionUser("Jane", "jane@buyer.example", "jane"),
        ShipTo = new Address { Name = "HQ", PostalAddress = new PostalAddress { Street = ["1 Main St", "Floor 2"], City = "Springfield", IsoCountryCode = "US", Country = "United States" } },
        Items = [new SessionItem(2, "DEMO-1001", "aux", 12.50m, "USD", "EA", "Pen")],
        Extrinsics = new Dictionary<string, string> { ["UserEmail"] = "jane@buyer.example" },
        CreatedAt = DateTimeOffset.UnixEpoch,
    };
}

public sealed class InMemorySessionStoreTests : SessionStoreContract
{
    private readonly FakeStoreClock clock = new();

    public InMemorySessionStoreTests() => Store = new InMemorySessionStore(clock.Time);

    protected override IPunchoutSessionStore Store { get; }

    protected override IStoreClock Clock => clock;
}

/// <summary>The contract on a real redis-server, under a key prefix of the test's own.</summary>
public abstract class RedisSessionStoreContract(RedisServer server) : SessionStoreContract, IAsyncLifetime
{
    protected RedisTestStore Redis { get; private set; } = null!;

    protected override IPunchoutSessionStore Store => new RedisSessionStore(Redis.Connection, Redis.Keys);

    protected override IStoreClock Clock { get; } = new RealStoreClock();

    public async Task InitializeAsync() => Redis = await RedisTestStore.ConnectAsync(server);

    public async Task DisposeAsync() => await Redis.DisposeAsync();
}

[Collection(RedisTests.Name)]
public sealed class RedisSessionStoreTests(RedisServer redis) : RedisSessionStoreContract(redis)
{
    [Fact]
    public async Task CreateAsync_StoresTheTokenByItsHashOnly_BesideItsSessionUnderThePrefix()
    {
        await Store.CreateAsync(new PunchoutSession
        {
            Id = "session-under-prefix",
            BuyerId = "acme",
            Protocol = "cxml",
            Operation = "create",
            BuyerCookie = "c",
            ReturnUrl = "https://buyer.example/",
            SetupPayloadId = "p",
        }, SessionTokens.Hash("the-raw-token"), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), default);

        // Beside them the indexes under {sessions}, which hold the session's id and its owner, nothing else.
        var all = Redis.Connection.GetServers().Single().Keys(pattern: Redis.Options.Value.Redis.KeyPrefix + "*").Select(k => k.ToString()).ToList();
        var prefix = Redis.Options.Value.Redis.KeyPrefix;
        Assert.Equal(
            [$"{prefix}{{sessions}}:buyer:acme", $"{prefix}{{sessions}}:open", $"{prefix}{{sessions}}:open-owner"],
            all.Where(k => k.Contains("{sessions}", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        var index = $"{prefix}{{sessions}}:buyer:acme";
        Assert.Equal(["session-under-prefix"], (await Redis.Connection.GetDatabase().SortedSetRangeByRankAsync(index)).Select(v => v.ToString()));
        var keys = all.Where(k => !k.Contains("{sessions}", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, keys.Count);
        Assert.DoesNotContain(keys, k => k.Contains("the-raw-token", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.EndsWith(SessionTokens.Hash("the-raw-token"), StringComparison.Ordinal));
        Assert.All(keys, k => Assert.Contains("{s:session-under-prefix}", k, StringComparison.Ordinal));
    }
}

/// <summary>The same contract on a Redis Cluster node, where a transaction over keys of two slots fails.</summary>
[Collection(RedisClusterTests.Name)]
public sealed class RedisClusterSessionStoreTests(RedisClusterNode cluster) : RedisSessionStoreContract(cluster);
