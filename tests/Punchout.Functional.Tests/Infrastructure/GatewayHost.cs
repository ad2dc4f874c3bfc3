using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Punchout.TestSupport;
using Serilog.Core;

namespace Punchout.Functional.Tests.Infrastructure;

/// <summary>The real gateway on Kestrel at a free loopback port, on its development configuration plus the test's settings.</summary>
public sealed class GatewayHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? services;

    private GatewayHost(Dictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        this.settings = settings;
        this.services = services;

        // Kestrel picks a free loopback port itself: UseKestrel(0) has the factory set the port on the running server,
        // which races with the application starting it ("Addresses cannot be modified after the server has started").
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Every log event the gateway wrote.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>The Redis key prefix of this gateway, when it runs on Redis.</summary>
    public string? KeyPrefix => settings.GetValueOrDefault("Redis:KeyPrefix");

    /// <summary>Starts a gateway on <paramref name="redis"/> (the in-process store when null) and the ERP at <paramref name="erpUrl"/>.</summary>
    /// <param name="redis">The redis-server; null for the in-process store.</param>
    /// <param name="erpUrl">The ERP; null for the file-backed one.</param>
    /// <param name="extra">Settings over the defaults.</param>
    /// <param name="services">Registrations added to the gateway's own, as an extension would add them.</param>
    public static GatewayHost Start(RedisServer? redis, string? erpUrl, IDictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Outbound:PollInterval"] = "00:00:00.050",
            ["Outbound:RetryBaseDelay"] = "00:00:00.100",
            ["Outbound:RetryMaxDelay"] = "00:00:00.500",
            ["Outbound:AttemptTimeout"] = "00:00:02",
            ["Outbound:ClaimIdleTime"] = "00:00:05",
            ["Erp:RetryBaseDelay"] = "00:00:00.020",
            ["Erp:RetryAttempts"] = "3",
            ["Erp:AttemptTimeout"] = "00:00:01",
            ["Erp:TotalTimeout"] = "00:00:01.500",
            ["Orders:PollInterval"] = "00:00:00.050",
            ["Orders:ClaimIdleTime"] = "00:00:03",
            ["Orders:RetryBaseDelay"] = "00:00:00.100",
            ["Orders:RetryMaxDelay"] = "00:00:00.500",
            ["Storefront:EntryUrl"] = "https://shop.example/punchout?lang=en",
        };
        if (redis is not null)
        {
            settings["ConnectionStrings:Redis"] = redis.ConnectionString;
            settings["Redis:KeyPrefix"] = RedisServer.NewKeyPrefix();
        }

        if (erpUrl is not null)
        {
            settings["Erp:BaseUrl"] = erpUrl;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var host = new GatewayHost(settings, services);
        host.StartServer();
        return host;
    }

    /// <summary>Where Kestrel listens, e.g. http://127.0.0.1:41234.</summary>
    public Uri Address => new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    /// <summary>A plain HTTP client for the gateway over loopback, as a browser or a procurement system connects; it does not follow redirects.</summary>
    public HttpClient Client() => new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = Address };

    /// <summary>Every key this gateway holds in Redis, except the order stream its worker creates on start and the
    /// activity counts (<c>{stats}</c>), which count what happened, refusals included.</summary>
    public async Task<IReadOnlyList<string>> StoredKeysAsync(RedisServer redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var stream = $"{KeyPrefix}{{orders}}:stream";
        var length = await connection.GetDatabase().StreamLengthAsync(stream);
        return [.. connection.GetServers().Single().Keys(pattern: KeyPrefix + "*").Select(k => k.ToString())
            .Where(k => (k != stream || length > 0) && !k.StartsWith(KeyPrefix + "{stats}:", StringComparison.Ordinal))];
    }

    /// <summary>A service of the running gateway.</summary>
    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(collection =>
        {
            collection.AddSingleton<ILogEventSink>(Logs);
            services?.Invoke(collection);
        });
    }
}
