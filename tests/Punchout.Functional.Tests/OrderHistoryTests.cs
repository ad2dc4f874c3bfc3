using Punchout.Functional.Tests.Infrastructure;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests;

/// <summary>Changes and releases judged against the orders the gateway accepted before, posted to /cxml as the buyer would.</summary>
[Collection(GatewayTests.Name)]
public sealed class OrderHistoryTests(RedisServer redis) : GatewayTestBase(redis)
{
    private const string NewV1 = "type=\"new\" orderVersion=\"1\"";

    [Fact]
    public async Task UpdateOfAnUnknownOrder_Is400UnknownOrder_StoresNothingAndNeverReachesTheErp()
    {
        var answer = await new ProcurementSystem(Host.Client()).SendAsync(Change("update", 2, "never-sent@test"));

        Assert.Equal(400, answer.Status.Code);
        Assert.StartsWith("unknown-order: ", Problem(answer), StringComparison.Ordinal);
        Assert.Empty(await Host.StoredKeysAsync(Redis));
        Assert.Empty(Erp.Calls("/prices/quote"));
    }

    [Fact]
    public async Task NewThenUpdateWithAHigherVersion_AreBothAccepted()
    {
        var buyer = new ProcurementSystem(Host.Client());
        var order = ProcurementSystem.OrderRequest();

        var first = await buyer.SendAsync(order);
        var update = await buyer.SendAsync(Change("update", 2, PayloadIdOf(order)));

        Assert.Equal((200, 200), (first.Status.Code, update.Status.Code));
        Assert.Equal(2, (int)(await OrderAsync(GatewayOrderId(update)))["erp"]!["orderVersion"]!);
    }

    [Fact]
    public async Task TheSameVersionAgainUnderAnotherPayloadId_IsTheSameChange_ButWithOtherContentIs400StaleVersion()
    {
        var buyer = new ProcurementSystem(Host.Client());
        var order = ProcurementSystem.OrderRequest();
        await buyer.SendAsync(order);

        var first = await buyer.SendAsync(Change("update", 2, PayloadIdOf(order)));
        var resent = await buyer.SendAsync(Change("update", 2, PayloadIdOf(order)));

        // Once the worker is done with both, the keys change only if the refused change stored something.
        await Eventually.HoldsAsync(async () => (string)(await OrderAsync(GatewayOrderId(first)))["state"]! == "forwarded", "the change to be forwarded");
        var keys = await RecordKeysAsync();
        var other = await buyer.SendAsync(Change("update", 2, PayloadIdOf(order), (">CC-4100<", ">CC-4200<")));

        Assert.Equal((200, 200, 400), (first.Status.Code, resent.Status.Code, other.Status.Code));
        Assert.Equal(GatewayOrderId(first), GatewayOrderId(resent));
        Assert.StartsWith("stale-version: ", Problem(other), StringComparison.Ordinal);
        Assert.Contains("above 2", Problem(other), StringComparison.Ordinal);
        Assert.Equal(keys, await RecordKeysAsync());
    }

    [Fact]
    public async Task UpdateAfterADelete_Is400UnknownOrder()
    {
        var buyer = new ProcurementSystem(Host.Client());
        var order = ProcurementSystem.OrderRequest();
        await buyer.SendAsync(order);
        var delete = await buyer.SendAsync(Change("delete", 2, PayloadIdOf(order)));

        var update = await buyer.SendAsync(Change("update", 3, PayloadIdOf(order)));

        Assert.Equal((200, 400), (delete.Status.Code, update.Status.Code));
        Assert.StartsWith("unknown-order: ", Problem(update), StringComparison.Ordinal);
        Assert.Contains("was deleted", Problem(update), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleaseOfAnUnknownAgreement_Is400UnknownAgreement_StoresNothing()
    {
        var answer = await new ProcurementSystem(Host.Client()).SendAsync(Release("DEMO-BLANKET-404"));

        Assert.Equal(400, answer.Status.Code);
        Assert.StartsWith("unknown-agreement: ", Problem(answer), StringComparison.Ordinal);
        Assert.Empty(await Host.StoredKeysAsync(Redis));
        Assert.Empty(Erp.Calls("/prices/quote"));
    }

    [Fact]
    public async Task ReleaseOfAnAcceptedBlanketOrder_IsAccepted()
    {
        var buyer = new ProcurementSystem(Host.Client());
        var blanket = await buyer.SendAsync(ProcurementSystem.OrderRequest(
            ("orderID=\"DEMO-PO-1001\"", "orderID=\"DEMO-BLANKET-1\""),
            (NewV1, NewV1 + " orderType=\"blanket\"")));

        var release = await buyer.SendAsync(Release("DEMO-BLANKET-1"));

        Assert.Equal((200, 200), (blanket.Status.Code, release.Status.Code));
    }

    // The sample order DEMO-PO-1001 as a change of the document with payloadID original.
    private static byte[] Change(string type, int version, string original, params (string Find, string? Replace)[] more) => ProcurementSystem.OrderRequest(
        [
            (NewV1, $"type=\"{type}\" orderVersion=\"{version}\""),
            ("<Extrinsic name=\"CostCenter\">", $"<DocumentReference payloadID=\"{original}\"/><Extrinsic name=\"CostCenter\">"),
            .. more,
        ]);

    // The sample order as release DEMO-REL-1 drawing on agreement.
    private static byte[] Release(string agreement) => ProcurementSystem.OrderRequest(
        ("orderID=\"DEMO-PO-1001\"", "orderID=\"DEMO-REL-1\""),
        (NewV1, NewV1 + $" orderType=\"release\" agreementID=\"{agreement}\""));

    // The stored keys but the queue, which the forwarding worker may empty meanwhile.
    private async Task<string[]> RecordKeysAsync() =>
        [.. (await Host.StoredKeysAsync(Redis)).Where(k => !k.EndsWith(":stream", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    // The single problem line after "The order cannot be accepted:".
    private static string Problem(Protocols.Cxml.CxmlResponse answer) => Assert.Single((answer.Status.Detail ?? string.Empty).Split('\n').Skip(1));

    [Theory]
    [InlineData("unknown-order")]
    [InlineData("unknown-agreement")]
    public async Task Sample_OfAChangeOrReleaseWithoutItsOrigin_IsRefusedAsItsReadmeSays(string rule)
    {
        var response = await new ProcurementSystem(Host.Client()).SendAsync(Repository.Bytes($"samples/cxml/invalid/OrderRequest-{rule}.xml"));

        Assert.Equal(400, response.Status.Code);
        Assert.Contains($"{rule}: ", response.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await Host.StoredKeysAsync(Redis));
        Assert.Empty(Erp.Calls("/prices/quote"));
    }
}
