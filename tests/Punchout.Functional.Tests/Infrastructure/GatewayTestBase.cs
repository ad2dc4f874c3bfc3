using Punchout.TestSupport;

namespace Punchout.Functional.Tests.Infrastructure;

/// <summary>A test with its own WireMock ERP and its own gateway on the shared redis-server, both disposed after it.</summary>
public abstract class GatewayTestBase(RedisServer redis) : IDisposable
{
    private GatewayHost? host;

    /// <summary>The shared redis-server.</summary>
    protected RedisServer Redis => redis;

    /// <summary>This test's ERP.</summary>
    protected ErpStub Erp { get; } = new();

    /// <summary>This test's gateway: started on first use with the default settings, or set by the test with its own.</summary>
    protected GatewayHost Host
    {
        get => host ??= GatewayHost.Start(redis, Erp.Url);
        set => host = value;
    }

    /// <summary>The gateway's id of an accepted order, from its 200 answer ("... accepted as ORDER-ID.").</summary>
    protected static string GatewayOrderId(Protocols.Cxml.CxmlResponse answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Status.Detail!.Split(" as ")[1].TrimEnd('.');
    }

    /// <summary>The payloadID a document carries.</summary>
    protected static string PayloadIdOf(byte[] document) =>
        System.Text.RegularExpressions.Regex.Match(System.Text.Encoding.UTF8.GetString(document), "payloadID=\"([^\"]+)\"").Groups[1].Value;

    /// <summary>GET /api/v1/orders/{id} with the demo admin key: the order as support sees it.</summary>
    protected async Task<System.Text.Json.Nodes.JsonNode> OrderAsync(string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/v1/orders/{id}", UriKind.Relative));
        request.Headers.Add("X-Api-Key", "demo-admin-key");
        return await Storefront.JsonAsync(await Host.Client().SendAsync(request), System.Net.HttpStatusCode.OK);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        host?.Dispose();
        Erp.Dispose();
        GC.SuppressFinalize(this);
    }
}
