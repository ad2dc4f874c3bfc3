using Punchout.TestSupport;

namespace Punchout.Gateway.Tests;

/// <summary>Tests that share one real redis-server, each under its own key prefix.</summary>
[CollectionDefinition(Name)]
public sealed class RedisTests : ICollectionFixture<RedisServer>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "redis";
}

/// <summary>Tests that share one real redis-server in cluster mode, owning every slot.</summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterTests : ICollectionFixture<RedisClusterNode>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "redis-cluster";
}
