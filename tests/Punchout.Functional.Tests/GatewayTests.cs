using Punchout.TestSupport;

namespace Punchout.Functional.Tests;

/// <summary>Functional tests share one real redis-server; each gateway keeps to a key prefix of its own.</summary>
[CollectionDefinition(Name)]
public sealed class GatewayTests : ICollectionFixture<RedisServer>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "gateway";
}
