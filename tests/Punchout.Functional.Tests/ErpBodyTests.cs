using System.Text;
using System.Text.Json.Nodes;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.Gateway.Orders;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Orders;
using Punchout.TestSupport;
using StackExchange.Redis;

namespace Punchout.Functional.Tests;

/// <summary>Nothing dropped on the way: every OrderRequest of the corpus and the samples, posted as the demo buyer,
/// reaches the ERP with every field the contract carries, compared with the document's own XML.</summary>
[Collection(GatewayTests.Name)]
public sealed class ErpBodyTests(RedisServer redis) : GatewayTestBase(redis)
{
    /// <summary>Every OrderRequest of tests/corpus and samples/cxml (not samples/cxml/invalid).</summary>
    public static TheoryData<string> Documents() => [.. OrderRequestDocuments.Paths];

    [Fact]
    public void Documents_AreFoundByTheirRequestElement()
    {
        Assert.Contains("tests/corpus/cxml/coupa-OrderRequest.xml", OrderRequestDocuments.Paths);
        Assert.Contains("tests/corpus/cxml/generic-OrderRequest.xml", OrderRequestDocuments.Paths);
        Assert.Contains("samples/cxml/OrderRequest.xml", OrderRequestDocuments.Paths);
        Assert.DoesNotContain(OrderRequestDocuments.Paths, p => p.Contains("/invalid/", StringComparison.Ordinal));
        Assert.DoesNotContain("samples/cxml/PunchOutSetupRequest.xml", OrderRequestDocuments.Paths);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task ErpBody_OfEachOrderRequest_IsTheDocumentFieldByField(string path)
    {
        // The ERP knows every part the documents order, and the demo account may buy it.
        foreach (var part in OrderRequestDocuments.Paths.SelectMany(p => OrderRequestDocuments.Read(p).Descendants("SupplierPartID")).Select(e => e.Value.Trim()))
        {
            Erp.Prices[part] = 1m;
        }

        var buyer = new ProcurementSystem(Host.Client());
        var gatewayOrderIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var earlier in OrderRequestDocuments.Prerequisites(path))
        {
            var accepted = await buyer.SendAsync(OrderRequestDocuments.AsDemoBuyer(earlier));
            Assert.True(accepted.Status.Code == 200, $"{earlier}, sent before {path}: {accepted.Status.Code} {accepted.Status.Detail}");
            gatewayOrderIds[earlier] = GatewayOrderId(accepted);
        }

        var answer = await buyer.SendAsync(OrderRequestDocuments.AsDemoBuyer(path));
        Assert.True(answer.Status.Code == 200, $"{answer.Status.Code} {answer.Status.Detail}");
        var document = OrderRequestDocuments.Read(path);
        var payloadId = (string)document.Root!.Attribute("payloadID")!;
        await Eventually.HoldsAsync(() => ErpBodyOf(payloadId) is not null, $"the ERP to receive {path}");

        var expected = ExpectedErpBody.Of(document, "demo", "C-DEMO");

        // The gateway's id of the order, which the ERP's confirmations and shipments name.
        expected["gatewayOrderId"] = GatewayOrderId(answer);
        if ((string)expected["type"]! is "update" or "delete")
        {
            // The gateway's, not the buyer's: the version changed, as the ERP took it (the stub answers SO-9 to every order).
            var changed = OrderRequestDocuments.Prerequisites(path).Last(p => (string?)OrderRequestDocuments.HeaderOf(p).Attribute("orderID") == (string)expected["orderId"]!);
            expected["changeOf"] = new JsonObject
            {
                ["erpOrderId"] = "SO-9",
                ["orderVersion"] = int.Parse((string?)OrderRequestDocuments.HeaderOf(changed).Attribute("orderVersion") ?? "1", System.Globalization.CultureInfo.InvariantCulture),
                ["payloadId"] = (string)OrderRequestDocuments.Read(changed).Root!.Attribute("payloadID")!,
                ["gatewayOrderId"] = gatewayOrderIds[changed],
            };
        }

        var differences = JsonDifferences.Between(expected, ErpBodyOf(payloadId));
        Assert.True(differences.Count == 0, $"{path}: the ERP body differs from the document:\n{string.Join('\n', differences)}");
        // The body's unitPrice is a number: a line's price is in the order's currency (rule line-currency).
        Assert.All(document.Descendants("ItemDetail"), d => Assert.Equal((string)expected["currency"]!, (string?)d.Element("UnitPrice")!.Element("Money")!.Attribute("currency")));
    }

    [Fact]
    public void EveryModelProperty_IsCarriedOrListedWithItsReason()
    {
        var properties = ErpBodyCoverage.ModelProperties();

        Assert.True(
            properties.All(ErpBodyCoverage.Fields.ContainsKey),
            "Say what the ERP body does with: " + string.Join(", ", properties.Where(p => !ErpBodyCoverage.Fields.ContainsKey(p))));
        Assert.True(
            ErpBodyCoverage.Fields.Keys.All(properties.Contains),
            "Not in the model (any more): " + string.Join(", ", ErpBodyCoverage.Fields.Keys.Where(k => !properties.Contains(k))));
        Assert.All(ErpBodyCoverage.Fields, f => Assert.True(f.Value.Paths is not null || !string.IsNullOrWhiteSpace(f.Value.Reason), $"{f.Key} has neither paths nor a reason"));
    }

    // The comparison above only proves what the documents contain: together they must give every carried property a
    // value, or a property could be dropped unseen.
    [Fact]
    public void TheDocuments_GiveEveryCarriedPropertyAValue()
    {
        var paths = OrderRequestDocuments.Paths
            .SelectMany(p => JsonDifferences.PathsWithValues(ExpectedErpBody.Of(OrderRequestDocuments.Read(p), "demo", "C-DEMO")))
            .ToHashSet(StringComparer.Ordinal);

        var unseen = ErpBodyCoverage.Fields
            .Where(f => f.Value.Paths is not null)
            .SelectMany(f => f.Value.Paths!.Split('|').Where(pattern => !paths.Any(path => Field.Matches(pattern, path))).Select(pattern => $"{f.Key} ({pattern})"))
            .ToList();

        Assert.True(unseen.Count == 0, "No document gives these a value: " + string.Join(", ", unseen));
    }

    [Fact]
    public async Task PCardNumber_ReachesNeitherTheErpNorTheOrderRecordNorTheLog()
    {
        const string Sample = "samples/cxml/OrderRequest-multi-ship-to.xml";
        const string Number = "4111111111111111";
        Assert.Contains(Number, Encoding.UTF8.GetString(Repository.Bytes(Sample)), StringComparison.Ordinal);
        foreach (var part in new[] { "DEMO-1001", "DEMO-1002", "DEMO-1003" })
        {
            Erp.Prices[part] = 1m;
        }

        var answer = await new ProcurementSystem(Host.Client()).SendAsync(OrderRequestDocuments.AsDemoBuyer(Sample));
        await Eventually.HoldsAsync(() => Erp.Calls("/orders").Count == 1, "the order to reach the ERP");

        var body = Erp.Calls("/orders").Single().RequestMessage.Body!;
        Assert.Equal("1111", (string)JsonNode.Parse(body)!["pCard"]!["numberLastDigits"]!);
        Assert.DoesNotContain(Number[..12], body, StringComparison.Ordinal);
        Assert.DoesNotContain(Number[..12], (await OrderAsync(GatewayOrderId(answer))).ToJsonString(), StringComparison.Ordinal);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
        var db = connection.GetDatabase();
        foreach (var key in await Host.StoredKeysAsync(Redis))
        {
            IEnumerable<string?> stored = await db.KeyTypeAsync(key) switch
            {
                RedisType.String => [await db.StringGetAsync(key)],
                RedisType.Hash => (await db.HashGetAllAsync(key)).Select(e => e.ToString()),
                RedisType.Stream => (await db.StreamRangeAsync(key)).SelectMany(e => e.Values).Select(v => v.ToString()),
                RedisType.List => (await db.ListRangeAsync(key)).Select(v => (string?)v),
                RedisType.Set => (await db.SetMembersAsync(key)).Select(v => (string?)v),
                RedisType.SortedSet => (await db.SortedSetRangeByRankAsync(key)).Select(v => (string?)v),
                var other => throw new InvalidOperationException($"{key} is a {other}: say how to read it."),
            };
            Assert.DoesNotContain(stored, value => value?.Contains(Number[..12], StringComparison.Ordinal) == true);
        }

        Assert.DoesNotContain(Host.Logs.Lines(), line => line.Contains(Number[..12], StringComparison.Ordinal));
    }

    // A document accepted before the body carried every field has its idempotency record under the hash of the body as
    // it was then; resent now, it is the same document, not a conflict.
    [Fact]
    public async Task OrderAcceptedBeforeTheBodyCarriedEveryField_ResentNow_IsADuplicate()
    {
        var document = ProcurementSystem.OrderRequest();
        var envelope = CxmlReader.Read(document).Document!;
        var request = (CxmlRequest)envelope.Body;
        var erp = ErpOrderMapping.ToErpOrder(Host.Service<Gateway.Configuration.BuyerDirectory>().Find("demo")!, envelope.PayloadId, (OrderRequest)request.Payload) with { Test = true };
        var before = new OrderRecord { Id = "ord-before-upgrade", BuyerId = "demo", PayloadId = envelope.PayloadId, OrderId = erp.OrderId, ReceivedAt = DateTimeOffset.UnixEpoch, Erp = erp };
        var answer = new IdempotencyAnswer(200, "OK", "Order DEMO-PO-1001 accepted for processing as ord-before-upgrade.");
        var store = Host.Service<IOrderStore>();
        Assert.Equal(IntakeOutcome.Accepted, (await store.AcceptAsync(new OrderIntake(before, OrderBodyHash.BeforeEveryField(erp), answer, TimeSpan.FromHours(1)), default)).Outcome);

        var resent = await new ProcurementSystem(Host.Client()).SendAsync(document);
        var changed = await new ProcurementSystem(Host.Client()).SendAsync(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(document).Replace("CC-4100", "CC-4200", StringComparison.Ordinal)));

        Assert.Equal((200, answer.Detail), (resent.Status.Code, resent.Status.Detail));
        Assert.Equal(409, changed.Status.Code);
    }

    // The body the ERP received for the document with this payloadID, or null while it has not.
    private JsonNode? ErpBodyOf(string payloadId) =>
        Erp.Calls("/orders").Select(ErpStub.Body).LastOrDefault(b => (string?)b["payloadId"] == payloadId);
}
