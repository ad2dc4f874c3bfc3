using System.Text;
using Punchout.Gateway.Cli;
using Punchout.Protocols.Cxml;
using Punchout.TestSupport;

namespace Punchout.Gateway.Tests.Cli;

public class ReplayCommandTests
{
    [Fact]
    public void WithFreshIds_ChangesOnlyPayloadIdAndTimestamp()
    {
        var original = Repository.Bytes("samples/cxml/OrderRequest.xml");
        var now = new DateTimeOffset(2027, 1, 2, 3, 4, 5, TimeSpan.Zero);

        var fresh = ReplayCommand.WithFreshIds(original, now);

        var before = CxmlReader.Read(original).Document!;
        var after = CxmlReader.Read(fresh).Document!;
        Assert.NotEqual(before.PayloadId, after.PayloadId);
        Assert.Equal(now, after.Timestamp);
        var unchanged = Encoding.UTF8.GetString(original)
            .Replace(before.PayloadId, after.PayloadId, StringComparison.Ordinal)
            .Replace("timestamp=\"2026-11-26T10:00:00-05:00\"", "timestamp=\"2027-01-02T03:04:05+00:00\"", StringComparison.Ordinal);
        Assert.Equal(unchanged, Encoding.UTF8.GetString(fresh));
    }

    [Fact]
    public async Task Replay_NothingListening_PrintsTheFailureAndExitsOne()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CommandLine.RunAsync(["replay", Repository.PathOf("samples/cxml/OrderRequest.xml"), "--to", $"http://127.0.0.1:{RedisServer.FreePort()}/cxml"], output, error);

        Assert.Equal(1, code);
        Assert.Contains("no answer from", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_NoFiles_ExitsTwo()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(2, await CommandLine.RunAsync(["replay"], output, error));
        Assert.Equal(2, await CommandLine.RunAsync(["replay", "--bogus", "x.xml"], output, error));
    }
}
