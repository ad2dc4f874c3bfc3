using System.Text;
using System.Text.RegularExpressions;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests;

/// <summary>Each OrderRequest refusal sample in samples/cxml/invalid, posted to /cxml as the buyer would.</summary>
[Collection(GatewayTests.Name)]
public sealed class OrderRuleTests(RedisServer redis) : GatewayTestBase(redis)
{
    public static TheoryData<string, string> RuleSamples() => new()
    {
        { "ship-to-placement", "ship-to-placement: ItemOut 1: has no ShipTo and the header has none" },
        { "total-matches-lines", "total-matches-lines: The order Total 30.00 USD does not match the lines, which come to 25.00 USD" },
        { "bill-to", "bill-to: BillTo has an empty Name" },
        { "change-reference", "change-reference: A type=\"update\" order must carry a DocumentReference" },
        { "release-agreement", "release-agreement: ItemOut 1: a release must reference its agreement" },
        // Not a document rule: the ERP (the stub, like samples/erp) knows DEMO-1004 but has it on no contract of C-DEMO.
        { "not-entitled", "not-entitled: ItemOut 1: account C-DEMO may not buy part DEMO-1004." },
    };

    [Theory]
    [MemberData(nameof(RuleSamples))]
    public async Task OrderBreakingARule_Is400NamingTheRule_StoresNothingAndNeverReachesTheErp(string rule, string line)
    {
        var answer = await new ProcurementSystem(Host.Client()).SendAsync(Sample(rule));

        Assert.Equal(400, answer.Status.Code);
        Assert.Contains(line, answer.Status.Detail, StringComparison.Ordinal);
        Assert.All(Problems(answer.Status.Detail), p => Assert.StartsWith($"{rule}: ", p, StringComparison.Ordinal));
        // The order intake writes the order record, the idempotency answer and the queue entry, all under the prefix.
        Assert.Empty(await Host.StoredKeysAsync(Redis));
        Assert.Empty(Erp.Calls("/orders"));
    }

    [Fact]
    public async Task OrderBreakingThreeRules_Is400WithOneLinePerProblem()
    {
        var document = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Sample("ship-to-placement"))
            .Replace("<Money currency=\"USD\">25.00</Money>", "<Money currency=\"USD\">30.00</Money>", StringComparison.Ordinal)
            .Replace("type=\"new\" orderVersion=\"1\"", "type=\"delete\" orderVersion=\"2\"", StringComparison.Ordinal));

        var answer = await new ProcurementSystem(Host.Client()).SendAsync(document);

        Assert.Equal(400, answer.Status.Code);
        Assert.Equal(
            ["change-reference", "ship-to-placement", "total-matches-lines"],
            Problems(answer.Status.Detail).Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
        Assert.Empty(await Host.StoredKeysAsync(Redis));
        Assert.Empty(Erp.Calls("/orders"));
    }

    // The sample as committed, with its payloadID made unique so tests stay independent.
    private static byte[] Sample(string rule) => Encoding.UTF8.GetBytes(Regex.Replace(
        Encoding.UTF8.GetString(Repository.Bytes($"samples/cxml/invalid/OrderRequest-{rule}.xml")),
        "payloadID=\"[^\"]+\"",
        $"payloadID=\"{Guid.NewGuid():N}@test\""));

    // The problem lines after "The order cannot be accepted:".
    private static string[] Problems(string? detail) => [.. (detail ?? string.Empty).Split('\n').Skip(1)];
}
