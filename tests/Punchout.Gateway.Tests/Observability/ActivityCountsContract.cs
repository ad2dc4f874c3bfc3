using Punchout.Gateway.Observability;
using Punchout.TestSupport;

namespace Punchout.Gateway.Tests.Observability;

/// <summary>What every activity count store must do; run against Redis and against the in-process store.</summary>
public abstract class ActivityCountsContract
{
    private const string Refused = "punchout_carts_refused_total";
    private const string Started = "punchout_sessions_started_total";

    // 12:35 UTC: the last hour is the buckets from 11:40 to 12:30, today from 00:00.
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 35, 0, TimeSpan.Zero);

    protected abstract IActivityCounts Counts { get; }

    [Fact]
    public async Task ReadAsync_CountsSinceUtcMidnight_AndInTheLastSixTenMinuteBuckets()
    {
        Counts.Add(Started, Labels(("buyer", "demo"), ("protocol", "cxml")), 1, Now.AddDays(-1));            // yesterday: neither
        Counts.Add(Started, Labels(("buyer", "demo"), ("protocol", "cxml")), 2, Now.Date.AddMinutes(1));     // 00:01: today
        Counts.Add(Started, Labels(("buyer", "demo"), ("protocol", "cxml")), 4, Now.AddMinutes(-56));        // 11:39: today, not the last hour
        Counts.Add(Started, Labels(("buyer", "demo"), ("protocol", "cxml")), 8, Now.AddMinutes(-55));        // 11:40: both
        Counts.Add(Started, Labels(("buyer", "demo"), ("protocol", "cxml")), 16, Now);                       // 12:35: both

        var summary = await Counts.ReadAsync(Now, default);

        var row = Assert.Single(summary.Counts);
        Assert.Equal((Started, 2 + 4 + 8 + 16, 8 + 16), (row.Counter, row.Today, row.LastHour));
        Assert.Equal(new Dictionary<string, string> { ["buyer"] = "demo", ["protocol"] = "cxml" }, row.Labels);
        Assert.Equal(Now, summary.At);
    }

    [Fact]
    public async Task ReadAsync_JustAfterMidnight_TheLastHourReachesIntoYesterday_TodayDoesNot()
    {
        var justAfter = new DateTimeOffset(2026, 11, 27, 0, 15, 0, TimeSpan.Zero);
        Counts.Add(Started, Labels(("buyer", "demo")), 3, justAfter.AddMinutes(-25));                        // 23:50 yesterday
        Counts.Add(Started, Labels(("buyer", "demo")), 5, justAfter);

        var row = Assert.Single((await Counts.ReadAsync(justAfter, default)).Counts);

        Assert.Equal((5, 8), (row.Today, row.LastHour));
    }

    [Fact]
    public async Task ReadAsync_OneRowPerCounterAndLabelSet_LabelsInAnyOrderBeingOneSet()
    {
        Counts.Add(Refused, Labels(("buyer", "demo"), ("reason", "price-mismatch")), 1, Now);
        Counts.Add(Refused, Labels(("reason", "price-mismatch"), ("buyer", "demo")), 1, Now);
        Counts.Add(Refused, Labels(("buyer", "demo"), ("reason", "unknown-part")), 1, Now);
        Counts.Add(Refused, Labels(("buyer", "acme"), ("reason", "price-mismatch")), 1, Now);
        Counts.Add(Started, Labels(("buyer", "demo")), 1, Now);

        var summary = await Counts.ReadAsync(Now, default);

        Assert.Equal(
            [
                (Refused, "buyer=acme,reason=price-mismatch", 1L),
                (Refused, "buyer=demo,reason=price-mismatch", 2L),
                (Refused, "buyer=demo,reason=unknown-part", 1L),
                (Started, "buyer=demo", 1L),
            ],
            summary.Counts.Select(c => (c.Counter, string.Join(",", c.Labels.Select(l => $"{l.Key}={l.Value}")), c.Today)));
        Assert.Equal((3L, 3L), summary.Total(Refused, l => l["buyer"] == "demo"));
        Assert.Equal((4L, 4L), summary.Total(Refused));
        Assert.Equal((0L, 0L), summary.Total("punchout_orders_received_total"));
    }

    [Fact]
    public async Task ReadAsync_LabelValuesWithTheFieldsSeparators_ComeBackAsAdded()
    {
        var odd = Labels(("buyer", "a|b,c=d%20e"), ("reason", "x y"));
        Counts.Add(Refused, odd, 1, Now);

        var row = Assert.Single((await Counts.ReadAsync(Now, default)).Counts);

        Assert.Equal(odd, row.Labels.ToList());
    }

    [Fact]
    public async Task Add_FromManyThreadsAtOnce_LosesNothing_AcrossFlushes()
    {
        var labels = Labels(("buyer", "demo"));
        var adding = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                Counts.Add(Started, labels, 1, Now);
            }
        })).ToList();
        var flushing = Task.Run(async () =>
        {
            while (!adding.All(a => a.IsCompleted))
            {
                await Counts.FlushAsync(default);
            }
        });
        await Task.WhenAll([.. adding, flushing]);

        // What was added after the last flush of the loop is written by the next one.
        await Counts.FlushAsync(default);

        Assert.Equal((4000L, 4000L), (await Counts.ReadAsync(Now, default)).Total(Started));
    }

    [Fact]
    public async Task ReadAsync_NothingCounted_IsEmpty()
    {
        Assert.Empty((await Counts.ReadAsync(Now, default)).Counts);
    }

    private static KeyValuePair<string, string>[] Labels(params (string Key, string Value)[] labels) =>
        [.. labels.Select(l => new KeyValuePair<string, string>(l.Key, l.Value))];
}

public sealed class InMemoryActivityCountsTests : ActivityCountsContract
{
    protected override IActivityCounts Counts { get; } = new InMemoryActivityCounts();

    [Fact]
    public async Task Add_OnANewDay_DropsTheDaysBeforeYesterday_AsRedisExpiresThem()
    {
        var monday = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        Counts.Add("punchout_orders_received_total", [new("buyer", "demo")], 1, monday);
        Counts.Add("punchout_orders_received_total", [new("buyer", "demo")], 1, monday.AddDays(2));

        // Read as of Monday itself: Monday's count is gone, not merely outside today.
        var summary = await Counts.ReadAsync(monday, default);

        Assert.Empty(summary.Counts);
    }
}

/// <summary>The contract on a real redis-server, under a key prefix of the test's own.</summary>
public abstract class RedisActivityCountsContract(RedisServer server) : ActivityCountsContract, IAsyncLifetime
{
    private IActivityCounts? counts;

    protected RedisTestStore Redis { get; private set; } = null!;

    protected override IActivityCounts Counts => counts ??= new RedisActivityCounts(Redis.Connection, Redis.Keys);

    public async Task InitializeAsync() => Redis = await RedisTestStore.ConnectAsync(server);

    public async Task DisposeAsync() => await Redis.DisposeAsync();
}

[Collection(RedisTests.Name)]
public sealed class RedisActivityCountsTests(RedisServer redis) : RedisActivityCountsContract(redis)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 35, 0, TimeSpan.Zero);

    [Fact]
    public async Task TwoInstancesOnOneRedis_EachSeesTheSumOfBoth_OnceEachHasFlushed()
    {
        var other = new RedisActivityCounts(Redis.Connection, Redis.Keys);
        Counts.Add("punchout_orders_received_total", [new("buyer", "demo")], 2, Now);
        other.Add("punchout_orders_received_total", [new("buyer", "demo")], 3, Now);

        Assert.Equal((2L, 2L), (await Counts.ReadAsync(Now, default)).Total("punchout_orders_received_total"));
        await other.FlushAsync(default);

        Assert.Equal((5L, 5L), (await Counts.ReadAsync(Now, default)).Total("punchout_orders_received_total"));
        Assert.Equal((5L, 5L), (await other.ReadAsync(Now, default)).Total("punchout_orders_received_total"));
    }

    [Fact]
    public async Task FlushAsync_WritesOneHashPerUtcDay_UnderTheStatsTag_ExpiringWithinTwoDays()
    {
        Counts.Add("punchout_orders_received_total", [new("buyer", "demo")], 1, Now);
        Counts.Add("punchout_orders_received_total", [new("buyer", "demo")], 1, Now.AddDays(-1));

        await Counts.FlushAsync(default);

        var prefix = Redis.Options.Value.Redis.KeyPrefix;
        var keys = Redis.Connection.GetServers().Single().Keys(pattern: prefix + "*").Select(k => k.ToString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([$"{prefix}{{stats}}:day:2026-11-25", $"{prefix}{{stats}}:day:2026-11-26"], keys);
        var ttl = await Redis.Connection.GetDatabase().KeyTimeToLiveAsync(keys[1]);
        Assert.InRange(ttl!.Value, TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(2));
        Assert.Equal(1, (long)await Redis.Connection.GetDatabase().HashGetAsync(keys[1], "punchout_orders_received_total|buyer=demo|1230"));
    }

    [Fact]
    public async Task FlushAsync_WhileRedisIsDown_Fails_KeepingTheCountsForAFlushOnceItIsBack_CountedOnce()
    {
        // A redis-server of this test's own, stopped and started again; the shared one keeps running.
        var own = new RedisServer();
        await own.InitializeAsync();
        try
        {
            await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(own.ConnectionString);
            var counts = new RedisActivityCounts(connection, Redis.Keys);
            await own.StopAsync();
            counts.Add("punchout_orders_received_total", [new("buyer", "demo")], 7, Now);

            await Assert.ThrowsAnyAsync<Exception>(() => counts.FlushAsync(default));

            await own.StartAsync();
            var summary = await ReadOnceReconnectedAsync(counts);
            Assert.Equal((7L, 7L), summary.Total("punchout_orders_received_total"));
            await counts.FlushAsync(default);
            Assert.Equal((7L, 7L), (await counts.ReadAsync(Now, default)).Total("punchout_orders_received_total"));
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    // The connection comes back on its own; until it has, reads fail.
    private static async Task<ActivitySummary> ReadOnceReconnectedAsync(RedisActivityCounts counts)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return await counts.ReadAsync(Now, default);
            }
            catch (Exception ex) when ((ex is StackExchange.Redis.RedisException or TimeoutException) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}

/// <summary>The same contract on a Redis Cluster node: a flush over two days writes two keys of one slot.</summary>
[Collection(RedisClusterTests.Name)]
public sealed class RedisClusterActivityCountsTests(RedisClusterNode cluster) : RedisActivityCountsContract(cluster);
