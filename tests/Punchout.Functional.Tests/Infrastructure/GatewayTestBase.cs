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

    /// <inheritdoc />
    public void Dispose()
    {
        host?.Dispose();
        Erp.Dispose();
        GC.SuppressFinalize(this);
    }
}
