using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Punchout.Gateway.Catalog;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Cxml;
using Punchout.Gateway.Erp;
using Punchout.Gateway.Health;
using Punchout.Gateway.Observability;
using Punchout.Gateway.Oci;
using Punchout.Gateway.Orders;
using Punchout.Gateway.Outbound;
using Punchout.Gateway.PunchOut;
using Punchout.Gateway.Redis;
using Punchout.Gateway.Sessions;
using Punchout.Gateway.Support;
using Punchout.Protocols.Handlers;
using Punchout.Validation.Carts;
using Punchout.Validation.Erp;
using Punchout.Validation.Orders;
using Serilog;
using Serilog.Formatting.Compact;
using StackExchange.Redis;

namespace Punchout.Gateway;

/// <summary>Builds the gateway: its services and its HTTP surface.</summary>
public static class GatewayApp
{
    /// <summary>The web application, configured from <paramref name="args"/>, appsettings and the environment.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddGateway(builder.Configuration);
        var app = builder.Build();
        app.MapGateway();
        return app;
    }

    /// <summary>Registers everything the gateway needs.</summary>
    public static IServiceCollection AddGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSerilog((provider, logging) =>
        {
            logging.ReadFrom.Configuration(configuration).ReadFrom.Services(provider).Enrich.FromLogContext();
            if (string.Equals(configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase))
            {
                logging.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
            else
            {
                logging.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}", formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
        });

        services.AddOptions<GatewayOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IRandomSource, CryptoRandomSource>();
        services.AddSingleton<BuyerDirectory>();
        services.AddSingleton<CxmlAuthenticator>();
        services.AddSingleton<SupplierAuthenticator>();
        services.AddSingleton<PayloadIdFactory>();
        services.AddSingleton<PublicUrls>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<PrometheusExporter>();
        services.AddSingleton<ActivityRecorder>();
        services.AddSingleton<RedisKeys>();
        services.AddSingleton<CartChecker>();
        services.AddSingleton<OrderEntitlementChecker>();
        services.AddSingleton<CreditGate>();
        services.AddSingleton<ErpCircuit>();
        services.AddSingleton<OrderRequestValidator>();
        services.AddSingleton<StorefrontApi>();
        services.AddSingleton<ConsoleAuth>();
        services.AddSingleton<Loopback>();
        services.AddHttpClient(Loopback.ClientName, client => client.Timeout = TimeSpan.FromSeconds(90))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        services.AddHttpContextAccessor();
        services.AddProblemDetails();
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Punchout gateway";
            document.Info.Description = "The storefront's API (DESIGN.md §7) and the ERP's order status API (docs/order-status.md), behind the X-Api-Key header. The gateway's calls to the ERP are in docs/erp-contract.md.";
            return Task.CompletedTask;
        }));

        services.AddSingleton<OciFunctions>();
        services.AddCxmlHandler<PunchOutSetupHandler>();
        services.AddCxmlHandler<OrderRequestHandler>();
        services.AddCxmlHandler<ProfileRequestHandler>();
        services.AddCxmlHandler<ConfirmationRequestHandler>();
        services.AddCxmlHandler<ShipNoticeRequestHandler>();
        services.AddSingleton(provider => new CxmlHandlerRegistry(provider.GetServices<ICxmlRequestHandler>()));
        services.AddSingleton(provider => new Lazy<CxmlHandlerRegistry>(provider.GetRequiredService<CxmlHandlerRegistry>));

        var redis = configuration.GetConnectionString("Redis");
        services.AddReadinessChecks(redis: !string.IsNullOrWhiteSpace(redis));
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<IPunchoutSessionStore, InMemorySessionStore>();
            services.AddSingleton<IOrderStore, InMemoryOrderStore>();
            services.AddSingleton<IActivityCounts, InMemoryActivityCounts>();
            services.AddSingleton<ITesterRunStore, InMemoryTesterRunStore>();
        }
        else
        {
            services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(RedisConfiguration(redis)));
            services.AddSingleton<IPunchoutSessionStore, RedisSessionStore>();
            services.AddSingleton<IOrderStore, RedisOrderStore>();
            services.AddSingleton<IActivityCounts, RedisActivityCounts>();
            services.AddSingleton<ITesterRunStore, RedisTesterRunStore>();
        }

        AddErp(services, configuration);
        AddProductCatalog(services, configuration);
        services.AddHostedService<OrderForwardingWorker>();
        services.AddOrderStatus(configuration);
        services.AddHostedService<SessionExpiryWatcher>();
        services.AddHostedService<ActivityCountFlusher>();
        return services;
    }

    /// <summary>Registers a cXML request handler; the registry refuses two handlers for one request.</summary>
    public static IServiceCollection AddCxmlHandler<THandler>(this IServiceCollection services)
        where THandler : class, ICxmlRequestHandler
    {
        services.AddSingleton<ICxmlRequestHandler, THandler>();
        return services;
    }

    /// <summary>Registers a cXML request handler instance; the registry refuses two handlers for one request.</summary>
    public static IServiceCollection AddCxmlHandler(this IServiceCollection services, ICxmlRequestHandler handler)
    {
        services.AddSingleton(handler);
        return services;
    }

    /// <summary>Maps the HTTP surface of DESIGN.md §3.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Counting starts with the host, not with the first scrape or the first look at the console.
        _ = app.Services.GetRequiredService<PrometheusExporter>();
        _ = app.Services.GetRequiredService<ActivityRecorder>();

        // Built now, not on the first request: two handlers for one request stop the gateway before it serves.
        _ = app.Services.GetRequiredService<CxmlHandlerRegistry>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapCxml();
        app.MapPunchOut();
        app.MapOci();
        StorefrontApi.Map(app);
        app.MapOrdersApi();
        app.MapReconcileApi();
        app.MapConsole();
        app.MapPunchoutTester();
        app.MapSandboxStorefront();
        app.MapOrderStatus();
        app.MapOpenApi();
        app.MapGet("/metrics", (PrometheusExporter exporter) => Results.Text(exporter.Render(), "text/plain; version=0.0.4; charset=utf-8"));
        app.MapHealth();
        app.Lifetime.ApplicationStarted.Register(() => AnnounceDefaults(app.Services));
        return app;
    }

    // The file-backed ERP unless Erp:BaseUrl is set; the HTTP client and its resilience pipeline read the validated options.
    private static void AddErp(IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration["Erp:BaseUrl"]))
        {
            services.AddSingleton<IErpClient>(provider => new FileErpClient(
                ErpDataPath.Resolve(Erp(provider).DataPath, provider.GetRequiredService<IHostEnvironment>()) ?? Erp(provider).DataPath,
                provider.GetRequiredService<ILogger<FileErpClient>>()));
            return;
        }

        services.AddHttpClient<IErpClient, HttpErpClient>((provider, client) =>
            {
                client.BaseAddress = new Uri(Erp(provider).BaseUrl!.TrimEnd('/') + "/");
                // The pipeline's timeouts bound each attempt and all of them; this one also bounds reading the
                // answer's body, which happens after the pipeline has returned.
                client.Timeout = Erp(provider).TotalTimeout + ErpBodyAllowance;
            })
            .AddResilienceHandler("erp", (pipeline, context) =>
            {
                var erp = Erp(context.ServiceProvider);
                pipeline.AddTimeout(erp.TotalTimeout);
                if (erp.RetryAttempts > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = erp.RetryAttempts,
                        Delay = erp.RetryBaseDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                    });
                }

                var circuit = context.ServiceProvider.GetRequiredService<ErpCircuit>();
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = erp.BreakFailureRatio,
                    MinimumThroughput = erp.BreakMinimumThroughput,
                    SamplingDuration = erp.BreakSamplingDuration,
                    BreakDuration = erp.BreakDuration,
                    OnOpened = args =>
                    {
                        circuit.Opened(args.BreakDuration);
                        return default;
                    },
                    OnHalfOpened = _ =>
                    {
                        circuit.HalfOpened();
                        return default;
                    },
                    OnClosed = _ =>
                    {
                        circuit.Closed();
                        return default;
                    },
                });
                pipeline.AddTimeout(erp.AttemptTimeout);
            });
    }

    // The storefront's search when Storefront:SearchUrl is set, else the items.json of the file-backed ERP's folder.
    private static void AddProductCatalog(IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration["Storefront:SearchUrl"]))
        {
            services.AddSingleton<IProductCatalog>(provider => new FileProductCatalog(
                ErpDataPath.Resolve(Erp(provider).DataPath, provider.GetRequiredService<IHostEnvironment>())));
            return;
        }

        services.AddHttpClient<IProductCatalog, HttpProductCatalog>((client, provider) => new HttpProductCatalog(client, Storefront(provider).SearchUrl!))
            .ConfigureHttpClient((provider, client) => client.Timeout = Storefront(provider).SearchTimeout + ErpBodyAllowance)
            .AddResilienceHandler("catalog", (pipeline, context) =>
            {
                // A search is a GET: one quick retry of a transient failure, all within Storefront:SearchTimeout.
                pipeline.AddTimeout(Storefront(context.ServiceProvider).SearchTimeout);
                pipeline.AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 1, Delay = TimeSpan.FromMilliseconds(100), UseJitter = true });
            });
    }

    /// <summary>How much longer than Erp:TotalTimeout an ERP call may take in all, reading the answer included.</summary>
    internal static readonly TimeSpan ErpBodyAllowance = TimeSpan.FromSeconds(1);

    private static ErpOptions Erp(IServiceProvider provider) => provider.GetRequiredService<IOptions<GatewayOptions>>().Value.Erp;

    private static StorefrontOptions Storefront(IServiceProvider provider) => provider.GetRequiredService<IOptions<GatewayOptions>>().Value.Storefront;

    private static ConfigurationOptions RedisConfiguration(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false; // start even while Redis is down; readiness reports it
        return options;
    }

    private static void AnnounceDefaults(IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GatewayApp));
        if (services.GetRequiredService<IPunchoutSessionStore>() is InMemorySessionStore)
        {
            logger.InMemoryStore();
        }

        var options = services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        if (string.IsNullOrWhiteSpace(options.Erp.BaseUrl))
        {
            logger.FileErp(ErpDataPath.Resolve(options.Erp.DataPath, services.GetRequiredService<IHostEnvironment>()) ?? options.Erp.DataPath);
        }

        // The validator refused any sharing not declared by every buyer; what is left was meant, and is reported once.
        foreach (var shared in GatewayOptionsValidator.SharedErpAccounts(options.Buyers))
        {
            logger.SharedErpAccount(string.Join(", ", shared.BuyerIds), shared.ErpAccount);
        }
    }
}
