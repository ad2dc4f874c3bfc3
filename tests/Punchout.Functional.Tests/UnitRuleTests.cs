using System.Net;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests;

/// <summary>Units through the storefront cart endpoint: the buyer's UnitCodes turn storefront units into UN/CEFACT codes
/// before the WireMock ERP prices the cart, and the PunchOutOrderMessage carries the code.</summary>
[Collection(GatewayTests.Name)]
public sealed class UnitRuleTests(RedisServer redis) : GatewayTestBase(redis)
{
    [Fact]
    public async Task CartInAMappedStorefrontUnit_IsPricedByTheErpAsTheCode_AndGoesBackAsTheCode()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?> { ["Buyers:0:UnitCodes:PCS"] = "EA" });
        var client = Host.Client();
        var sessionId = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync());

        var accepted = await Storefront.JsonAsync(await new Storefront(client).ReturnCartAsync(sessionId, Storefront.Cart(unit: "pcs")), HttpStatusCode.OK);
        var form = await ReturnForm.FetchAsync(client, (string)accepted["returnUrl"]!);

        var quoted = Assert.Single(ErpStub.Body(Assert.Single(Erp.Calls("/prices/quote")))["lines"]!.AsArray())!;
        Assert.Equal("EA", (string)quoted["unitOfMeasure"]!);
        Assert.Equal("EA", (string)accepted["lines"]![0]!["unitOfMeasure"]!);
        Assert.Equal("EA", form.Message.Items.Single().ItemDetail.UnitOfMeasure);
    }

    [Fact]
    public async Task CartInAStorefrontUnitThatIsNeitherMappedNorACode_IsRefusedAsInvalidLine_WithoutAskingTheErp()
    {
        var client = Host.Client();
        var sessionId = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync());

        var problem = await Storefront.JsonAsync(await new Storefront(client).ReturnCartAsync(sessionId, Storefront.Cart(unit: "EACH")), HttpStatusCode.UnprocessableEntity);

        var error = Assert.Single(problem["errors"]!.AsArray())!;
        Assert.Equal(("invalid-line", 1), ((string)error["code"]!, (int)error["line"]!));
        Assert.Contains("'EACH'", (string)error["message"]!, StringComparison.Ordinal);
        Assert.Empty(Erp.Calls("/prices/quote"));
    }

    [Fact]
    public async Task UnmappedStorefrontUnitShapedLikeACode_IsAskedOfTheErp_WhichRefusesItAsUnitMismatch()
    {
        var client = Host.Client();
        var sessionId = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync());

        var problem = await Storefront.JsonAsync(await new Storefront(client).ReturnCartAsync(sessionId, Storefront.Cart(unit: "PCS")), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("unit-mismatch", (string)Assert.Single(problem["errors"]!.AsArray())!["code"]!);
    }
}
