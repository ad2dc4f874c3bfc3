using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;

namespace Punchout.Gateway.Outbound;

/// <summary>Registers order status to the buyer: the ERP's API, the outbound store and queue, and the delivery worker.</summary>
/// <remarks>The cXML handlers that relay the supplier's own documents are registered beside the others, with
/// <c>AddCxmlHandler</c>, in <see cref="GatewayApp"/>.</remarks>
public static class OrderStatusServices
{
    /// <summary>Registers the services; the outbound store is Redis when <c>ConnectionStrings:Redis</c> is set.</summary>
    public static IServiceCollection AddOrderStatus(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<FulfillmentIntake>();
        services.AddSingleton<OrderStatusApi>();
        services.AddSingleton<SupplierDocumentRelay>();
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis")))
        {
            services.AddSingleton<IOutboundStore, InMemoryOutboundStore>();
        }
        else
        {
            services.AddSingleton<IOutboundStore, RedisOutboundStore>();
        }

        // The worker bounds each attempt by Outbound:AttemptTimeout on its clock; this bounds it too, against a clock
        // that never moves. Redirects are not followed: a document goes to the configured URL only. Connections are
        // renewed every few minutes, so a buyer's DNS change is seen.
        services.AddHttpClient<BuyerDelivery>((provider, client) =>
                client.Timeout = provider.GetRequiredService<IOptions<GatewayOptions>>().Value.Outbound.AttemptTimeout + TimeSpan.FromSeconds(1))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddHostedService<OutboundDeliveryWorker>();
        return services;
    }

    /// <summary>Maps the ERP's order status API and the outbound documents' API.</summary>
    public static WebApplication MapOrderStatus(this WebApplication app)
    {
        OrderStatusApi.Map(app);
        return app;
    }
}
