using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Punchout.Gateway.Redis;
using StackExchange.Redis;

namespace Punchout.Gateway.Support;

/// <summary>One run of the console's punchout tester: what was sent and received at each step, and how long it took.</summary>
public sealed record TesterRun
{
    /// <summary>The run's id, in its URLs.</summary>
    public required string Id { get; init; }

    /// <summary>The buyer the tester plays.</summary>
    public required string BuyerId { get; init; }

    /// <summary><c>cxml</c> or <c>oci</c>.</summary>
    public required string Protocol { get; init; }

    /// <summary>The steps so far, oldest first.</summary>
    public IReadOnlyList<TesterStep> Steps { get; init; } = [];

    /// <summary>The punchout session the setup opened.</summary>
    public string? SessionId { get; init; }

    /// <summary>The one-time start link the procurement system got.</summary>
    public string? StartUrl { get; init; }

    /// <summary>The PunchOutOrderMessage the procurement system received, as sent (cXML).</summary>
    public string? ReceivedDocument { get; init; }

    /// <summary>The form fields the procurement system received, as sent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ReceivedFields { get; init; } = [];

    /// <summary>The lines of the received cart, as the procurement system reads them.</summary>
    public IReadOnlyList<TesterLine> ReceivedLines { get; init; } = [];

    /// <summary>The received cart's total, with its currency.</summary>
    public string? ReceivedTotal { get; init; }

    /// <summary>The refusals of the last cart handed back, one per problem.</summary>
    public IReadOnlyList<string> Refusals { get; init; } = [];

    /// <summary>The gateway id of the order sent from the received cart.</summary>
    public string? GatewayOrderId { get; init; }

    /// <summary>The run with one more step.</summary>
    public TesterRun With(TesterStep step) => this with { Steps = [.. Steps, step] };
}

/// <summary>A step of a tester run: when it started, how long it took, and what came of it.</summary>
public sealed record TesterStep(string Name, DateTimeOffset At, TimeSpan Took, string Outcome, string? Detail = null);

/// <summary>A line of a cart as the procurement system received it.</summary>
public sealed record TesterLine(string Line, string SupplierPartId, string Quantity, string UnitOfMeasure, string UnitPrice, string Description);

/// <summary>Where tester runs are kept for a day: Redis, or this process.</summary>
public interface ITesterRunStore
{
    /// <summary>Saves the run (and remembers which run its session belongs to).</summary>
    Task SaveAsync(TesterRun run, CancellationToken cancellationToken);

    /// <summary>The run, or null.</summary>
    Task<TesterRun?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The run whose setup opened <paramref name="sessionId"/>, or null.</summary>
    Task<TesterRun?> FindBySessionAsync(string sessionId, CancellationToken cancellationToken);
}

/// <summary>Tester runs in Redis, as JSON under <c>{tester}</c> keys that expire after a day.</summary>
public sealed class RedisTesterRunStore(IConnectionMultiplexer redis, RedisKeys keys) : ITesterRunStore
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    /// <inheritdoc />
    public async Task SaveAsync(TesterRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var db = redis.GetDatabase();
        await db.StringSetAsync(keys.TesterRun(run.Id), JsonSerializer.Serialize(run, GatewayJson.Options), Lifetime).ConfigureAwait(false);
        if (run.SessionId is { } session)
        {
            await db.StringSetAsync(keys.TesterSession(session), run.Id, Lifetime).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<TesterRun?> GetAsync(string id, CancellationToken cancellationToken) =>
        await redis.GetDatabase().StringGetAsync(keys.TesterRun(id)).ConfigureAwait(false) is { IsNull: false } json
            ? JsonSerializer.Deserialize<TesterRun>((string)json!, GatewayJson.Options)
            : null;

    /// <inheritdoc />
    public async Task<TesterRun?> FindBySessionAsync(string sessionId, CancellationToken cancellationToken) =>
        await redis.GetDatabase().StringGetAsync(keys.TesterSession(sessionId)).ConfigureAwait(false) is { IsNull: false } id
            ? await GetAsync((string)id!, cancellationToken).ConfigureAwait(false)
            : null;
}

/// <summary>Tester runs in this process.</summary>
public sealed class InMemoryTesterRunStore : ITesterRunStore
{
    private readonly ConcurrentDictionary<string, TesterRun> runs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> bySession = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task SaveAsync(TesterRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        runs[run.Id] = run;
        if (run.SessionId is { } session)
        {
            bySession[session] = run.Id;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<TesterRun?> GetAsync(string id, CancellationToken cancellationToken) => Task.FromResult(runs.GetValueOrDefault(id));

    /// <inheritdoc />
    public Task<TesterRun?> FindBySessionAsync(string sessionId, CancellationToken cancellationToken) =>
        Task.FromResult(bySession.TryGetValue(sessionId, out var id) ? runs.GetValueOrDefault(id) : null);
}

/// <summary>Requests from the gateway to itself, over its own listening address, as an outside party would send them:
/// the tester plays the procurement system and the sandbox the storefront.</summary>
public sealed class Loopback(Microsoft.AspNetCore.Hosting.Server.IServer server, IHttpClientFactory clients)
{
    /// <summary>The name of the HTTP client (no redirects followed).</summary>
    public const string ClientName = "punchout-loopback";

    /// <summary>Sends <paramref name="request"/> to this gateway, with the Host header the console was reached by, so
    /// that the URLs the gateway writes (StartPage, return links) are the ones the console's browser can open.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HostString host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The gateway does not know its own address.");
        var self = new UriBuilder(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal));
        request.RequestUri = new Uri(self.Uri, request.RequestUri!.ToString());
        request.Headers.Host = host.Value;
        return await clients.CreateClient(ClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
