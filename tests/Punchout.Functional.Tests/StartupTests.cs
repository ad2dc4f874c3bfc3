using Punchout.Functional.Tests.Infrastructure;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests;

/// <summary>What the real gateway reports as it starts.</summary>
[Collection(GatewayTests.Name)]
public sealed class StartupTests(RedisServer redis) : GatewayTestBase(redis)
{
    [Fact]
    public void Start_DemoBuyersDeclaredOnOneErpAccount_StartsAndLogsBothIdsAndTheAccount()
    {
        var shared = Assert.Single(Host.Logs.WithEventId(4004));

        Assert.Equal("demo, demo-oci", CapturedLogs.Property(shared, "Buyers"));
        Assert.Equal("C-DEMO", CapturedLogs.Property(shared, "ErpAccount"));
    }
}
