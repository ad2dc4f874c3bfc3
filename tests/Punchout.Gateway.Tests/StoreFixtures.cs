using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Redis;
using Punchout.TestSupport;
using StackExchange.Redis;

namespace Punchout.Gateway.Tests;

/// <summary>How a store contract test lets time pass: a fake clock for the in-process stores, real time for Redis.</summary>
public interface IStoreClock
{
    /// <summary>Lets <paramref name="time"/> pass for the store.</summary>
    Task ElapseAsync(TimeSpan time);

    /// <summary>The time as the store sees it.</summary>
    DateTimeOffset Now { get; }
}

/// <summary>A fake clock moved by hand.</summary>
public sealed class FakeStoreClock : IStoreClock
{
    /// <summary>The clock the store reads.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    /// <inheritdoc />
    public Task ElapseAsync(TimeSpan time)
    {
        Time.Advance(time);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public DateTimeOffset Now => Time.GetUtcNow();
}

/// <summary>Real time, for Redis's own expiry.</summary>
public sealed class RealStoreClock : IStoreClock
{
    /// <inheritdoc />
    public Task ElapseAsync(TimeSpan time) => Task.Delay(time);

    /// <inheritdoc />
    public DateTimeOffset Now => DateTimeOffset.UtcNow;
}

/// <summary>A connection to the test redis-server and keys under a prefix of the test's own.</summary>
public sealed class RedisTestStore : IAsyncDisposable
{
    private RedisTestStore(ConnectionMultiplexer connection, IOptions<GatewayOptions> options)
    {
        Connection = connection;
        Options = options;
        Keys = new RedisKeys(options);
    }

    /// <summary>The connection.</summary>
    public ConnectionMultiplexer Connection { get; }

    /// <summary>Options with the test's key prefix.</summary>
    public IOptions<GatewayOptions> Options { get; }

    /// <summary>The key layout under that prefix.</summary>
    public RedisKeys Keys { get; }

    /// <summary>Connects to <paramref name="server"/> with a fresh prefix.</summary>
    public static async Task<RedisTestStore> ConnectAsync(RedisServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var options = Microsoft.Extensions.Options.Options.Create(new GatewayOptions { Redis = new RedisOptions { KeyPrefix = RedisServer.NewKeyPrefix() } });
        return new RedisTestStore(connection, options);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
