using System.Text;
using System.Text.Json;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Orders;
using Punchout.Gateway.Redis;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Orders;
using Punchout.TestSupport;
using Punchout.Validation.Erp;

namespace Punchout.Gateway.Tests.Orders;

/// <summary>The ERP body of an OrderRequest: the hash resends are compared by, before and after the body carried
/// every field, and its round trip through the order store.</summary>
[Collection(RedisTests.Name)]
public sealed class ErpOrderBodyTests(RedisServer server) : IAsyncLifetime
{
    private RedisTestStore? redis;

    /// <summary>Each document with the JSON the gateway made of it (account left out) before the body carried every field.</summary>
    public static TheoryData<string, string> BodiesBefore() => new()
    {
        {
            "samples/cxml/OrderRequest.xml",
            """
        {"buyer":"demo","account":"","orderId":"DEMO-PO-1001","payloadId":"1764153600000.demo.order-0001@procurement.example","type":"new","orderVersion":1,"orderType":"regular","orderDate":"2026-11-26T09:58:00-05:00","currency":"USD","total":25.00,"shipTo":{"addressId":"HQ-01","name":"Demo Buyer Inc. Headquarters","deliverTo":["Jane Buyer"],"street":["100 Market Street"],"city":"Springfield","state":"IL","postalCode":"62701","country":"US","email":null},"billTo":{"addressId":"AP-01","name":"Demo Buyer Inc. Accounts Payable","deliverTo":[],"street":["PO Box 4100"],"city":"Springfield","state":"IL","postalCode":"62705","country":"US","email":null},"agreementId":null,"comments":"Deliver to the loading dock, weekdays 8-16.","extrinsics":{"CostCenter":"CC-4100"},"lines":[{"lineNumber":1,"supplierPartId":"DEMO-1001","supplierPartAuxiliaryId":"cart-line-1","quantity":2,"unitOfMeasure":"EA","unitPrice":12.50,"description":"Ballpoint pen, blue, box of 12","shipTo":null,"requestedDeliveryDate":"2026-12-03T00:00:00-05:00","extrinsics":{}}],"test":false}
        """
        },
        {
            "tests/corpus/cxml/generic-OrderRequest.xml",
            """
        {"buyer":"demo","account":"","orderId":"DO1234","payloadId":"1625586002.193314.7293@dev","type":"new","orderVersion":1,"orderType":"regular","orderDate":"2000-10-12T18:41:29-08:00","currency":"EUR","total":85.00,"shipTo":{"addressId":null,"name":"Acme","deliverTo":["Joe Smith","Mailstop M-543"],"street":["123 Anystreet"],"city":"Sunnyvale","state":"CA","postalCode":"90489","country":"US","email":null},"billTo":{"addressId":null,"name":"Zinc GmbH","deliverTo":[],"street":["An den Eichen 18"],"city":"Solingen","state":null,"postalCode":"42699","country":"DE","email":null},"agreementId":null,"comments":"","extrinsics":{},"lines":[{"lineNumber":1,"supplierPartId":"1233244","supplierPartAuxiliaryId":null,"quantity":10,"unitOfMeasure":"EA","unitPrice":2.10,"description":"hello from item 1","shipTo":null,"requestedDeliveryDate":"2020-02-28T00:00:00+00:00","extrinsics":{}},{"lineNumber":2,"supplierPartId":"1233245","supplierPartAuxiliaryId":null,"quantity":20,"unitOfMeasure":"EA","unitPrice":3.20,"description":"hello from item 2","shipTo":null,"requestedDeliveryDate":"2020-02-28T00:00:00+00:00","extrinsics":{}}],"test":false}
        """
        },
    };

    public async Task InitializeAsync() => redis = await RedisTestStore.ConnectAsync(server);

    public async Task DisposeAsync() => await redis!.DisposeAsync();

    // An idempotency record written before the upgrade holds the SHA-256 of exactly this JSON.
    [Theory]
    [MemberData(nameof(BodiesBefore))]
    public void BodyBeforeEveryField_IsTheJsonTheGatewayMadeBefore(string path, string before)
    {
        var body = OrderBodyHash.BodyBeforeEveryField(Body(path));

        Assert.Equal(before, Encoding.UTF8.GetString(body));
        Assert.Equal(OrderHashes.Of(Encoding.UTF8.GetBytes(before)), OrderBodyHash.BeforeEveryField(Body(path)));
    }

    [Fact]
    public void BeforeEveryField_LeavesOutTheAgreementIdItDidNotCopyThen()
    {
        var release = Body("samples/cxml/OrderRequest-release.xml");

        Assert.Equal("DEMO-BO-1001", release.AgreementId);
        Assert.Contains("\"agreementId\":null", Encoding.UTF8.GetString(OrderBodyHash.BodyBeforeEveryField(release)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("samples/cxml/OrderRequest.xml")]
    [InlineData("samples/cxml/OrderRequest-multi-ship-to.xml")]
    public void Of_NeverEqualsTheHashOfTheBodyBefore(string path) =>
        Assert.NotEqual(OrderBodyHash.BeforeEveryField(Body(path)), OrderBodyHash.Of(Body(path)));

    [Fact]
    public void Of_TheSameBodyUnderAnotherErpAccount_IsTheSame()
    {
        var body = Body("samples/cxml/OrderRequest-multi-ship-to.xml");

        Assert.Equal(OrderBodyHash.Of(body), OrderBodyHash.Of(body with { Account = "C-OTHER" }));
        Assert.NotEqual(OrderBodyHash.Of(body), OrderBodyHash.Of(body with { Lines = [body.Lines[0] with { BuyerPartId = "BP-OTHER" }, .. body.Lines.Skip(1)] }));
    }

    [Fact]
    public void ContentOf_IsTheBodyWithoutItsPayloadId()
    {
        var body = Body("samples/cxml/OrderRequest-multi-ship-to.xml");

        Assert.Equal(OrderBodyHash.ContentOf(body), OrderBodyHash.ContentOf(body with { PayloadId = "resent@buyer.example" }));
        Assert.NotEqual(OrderBodyHash.Of(body), OrderBodyHash.Of(body with { PayloadId = "resent@buyer.example" }));
        Assert.NotEqual(OrderBodyHash.ContentOf(body), OrderBodyHash.ContentOf(body with { CommentList = [.. body.CommentList.Skip(1)] }));
    }

    [Theory]
    [InlineData("4111111111111111", "1111")]
    [InlineData("9876543", null)]
    public void ToErpOrder_PCard_CarriesTheLastDigitsAtMostNeverTheNumber(string number, string? lastDigits)
    {
        var text = Encoding.UTF8.GetString(Repository.Bytes("samples/cxml/OrderRequest-multi-ship-to.xml")).Replace("4111111111111111", number, StringComparison.Ordinal);

        var body = Body(Encoding.UTF8.GetBytes(text));

        Assert.Equal((lastDigits, "2027-09-30", "Jane Buyer"), (body.PCard!.NumberLastDigits, body.PCard.Expiration, body.PCard.Name));
        Assert.DoesNotContain(number, JsonSerializer.Serialize(body, GatewayJson.Options), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("samples/cxml/OrderRequest-multi-ship-to.xml")]
    [InlineData("samples/cxml/OrderRequest-blanket.xml")]
    [InlineData("samples/cxml/OrderRequest-release.xml")]
    public async Task RedisStore_OrderWithEveryField_ComesBackUnchanged(string path)
    {
        var store = new RedisOrderStore(redis!.Connection, redis.Keys, redis.Options);
        var body = Body(path);
        var order = new OrderRecord { Id = "ord-" + Guid.NewGuid().ToString("N")[..12], BuyerId = "demo", PayloadId = body.PayloadId, OrderId = body.OrderId, ReceivedAt = DateTimeOffset.UnixEpoch, Erp = body };
        await store.AcceptAsync(new OrderIntake(order, OrderBodyHash.Of(body), new IdempotencyAnswer(200, "OK", null), TimeSpan.FromMinutes(5)), default);

        var stored = await store.GetAsync(order.Id, default);

        Assert.Equal(JsonSerializer.Serialize(order, GatewayJson.Options), JsonSerializer.Serialize(stored, GatewayJson.Options));
        Assert.Equal(OrderBodyHash.Of(body), OrderBodyHash.Of(stored!.Erp));
    }

    private static ErpOrder Body(string path) => Body(Repository.Bytes(path));

    private static ErpOrder Body(byte[] document)
    {
        var envelope = CxmlReader.Read(document).Document!;
        var request = (OrderRequest)((CxmlRequest)envelope.Body).Payload;
        var buyer = new Buyer { Id = "demo", Name = "Demo", ErpAccount = "C-DEMO", Credentials = [], CartField = "cxml-base64", AllowedReturnTargets = [], PriceMismatch = default, DefaultCurrency = "USD" };
        return ErpOrderMapping.ToErpOrder(buyer, envelope.PayloadId, request);
    }
}
