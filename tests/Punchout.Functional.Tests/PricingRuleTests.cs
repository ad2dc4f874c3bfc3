using System.Net;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.Protocols.Cxml;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests;

/// <summary>Contract-price rules through the storefront cart endpoint, priced by a WireMock ERP.</summary>
[Collection(GatewayTests.Name)]
public sealed class PricingRuleTests(RedisServer redis) : GatewayTestBase(redis)
{
    [Fact]
    public async Task PriceWithinTheBuyersTolerance_GoesBackAtTheContractPrice_MarkedRepriced()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?> { ["Buyers:0:PriceTolerance"] = "0.05" });
        var client = Host.Client();
        var sessionId = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync());

        var accepted = await Storefront.JsonAsync(await new Storefront(client).ReturnCartAsync(sessionId, Storefront.Cart(unitPrice: 12.47m)), HttpStatusCode.OK);
        var form = await ReturnForm.FetchAsync(client, (string)accepted["returnUrl"]!);

        Assert.True((bool)accepted["lines"]![0]!["repriced"]!);
        Assert.Equal((12.50m, 12.47m), ((decimal)accepted["lines"]![0]!["unitPrice"]!, (decimal)accepted["lines"]![0]!["storefrontUnitPrice"]!));
        Assert.Equal(new Money(12.50m, "USD"), form.Message.Items.Single().ItemDetail.UnitPrice);
    }

    [Fact]
    public async Task PriceBeyondTheBuyersTolerance_IsRefusedWithTheContractPrice()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?> { ["Buyers:0:PriceTolerance"] = "0.05" });
        var client = Host.Client();
        var sessionId = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync());

        var problem = await Storefront.JsonAsync(await new Storefront(client).ReturnCartAsync(sessionId, Storefront.Cart(unitPrice: 12.40m)), HttpStatusCode.UnprocessableEntity);

        var error = Assert.Single(problem["errors"]!.AsArray())!;
        Assert.Equal(("price-mismatch", 12.50m), ((string)error["code"]!, (decimal)error["erpUnitPrice"]!));
        Assert.Contains("more than the 0.05 allowed", (string)error["message"]!, StringComparison.Ordinal);
    }
}
