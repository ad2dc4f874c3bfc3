namespace Punchout.Functional.Tests.Infrastructure;

/// <summary>Waits for something the gateway does in the background (a worker forwarding an order).</summary>
/// <remarks>The limit only stops a broken test from hanging; nothing here asserts how fast the gateway is.</remarks>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds, or fails naming <paramref name="what"/> after 30 s.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"Still waiting after 30 s for: {what}");
    }

    /// <summary>Polls a synchronous condition.</summary>
    public static Task HoldsAsync(Func<bool> condition, string what) => HoldsAsync(() => Task.FromResult(condition()), what);
}
