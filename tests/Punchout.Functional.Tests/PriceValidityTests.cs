using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.Protocols.Cxml;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests;

/// <summary>A contract price that expires between the start of the punchout and the return of the cart, through the
/// storefront cart endpoint, with a fake clock in the gateway and validFrom/validTo from the WireMock ERP.</summary>
[Collection(GatewayTests.Name)]
public sealed class PriceValidityTests(RedisServer redis) : GatewayTestBase(redis)
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task PriceExpiringDuringThePunchout_ErpStillQuotingIt_IsRefusedAsPriceExpired_NamingTheExpiryAndTheErpPrice()
    {
        var expiry = clock.GetUtcNow().AddMinutes(5);
        Erp.Validity["DEMO-1001"] = (clock.GetUtcNow().AddDays(-30), expiry);
        var (client, sessionId) = await StartAsync();

        clock.Advance(TimeSpan.FromMinutes(10));
        var problem = await Storefront.JsonAsync(await new Storefront(client).ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.UnprocessableEntity);

        var error = Assert.Single(problem["errors"]!.AsArray())!;
        Assert.Equal(("price-expired", 12.50m), ((string)error["code"]!, (decimal)error["erpUnitPrice"]!));
        Assert.Contains($"12.50 USD, expired at {expiry.ToString("O", CultureInfo.InvariantCulture)}", (string)error["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PriceValidBeforeTheExpiry_IsAccepted()
    {
        Erp.Validity["DEMO-1001"] = (clock.GetUtcNow().AddDays(-30), clock.GetUtcNow().AddMinutes(5));
        var (client, sessionId) = await StartAsync();

        clock.Advance(TimeSpan.FromMinutes(4));

        await Storefront.JsonAsync(await new Storefront(client).ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.OK);
    }

    [Fact]
    public async Task NewPriceAfterTheExpiry_UnderReject_IsRefusedAsPriceMismatch_WithTheNewPrice_SayingItChanged()
    {
        var (client, sessionId) = await StartAsync();

        var newFrom = NewPriceAfterExpiry();
        var problem = await Storefront.JsonAsync(await new Storefront(client).ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.UnprocessableEntity);

        var error = Assert.Single(problem["errors"]!.AsArray())!;
        Assert.Equal(("price-mismatch", 13.10m), ((string)error["code"]!, (decimal)error["erpUnitPrice"]!));
        Assert.Contains($"changed at {newFrom.ToString("O", CultureInfo.InvariantCulture)}, after the punchout started", (string)error["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewPriceAfterTheExpiry_UnderUseErpPrice_IsAcceptedRepricedAtTheNewPrice()
    {
        var (client, sessionId) = await StartAsync(new Dictionary<string, string?> { ["Buyers:0:PriceMismatch"] = "UseErpPrice" });

        NewPriceAfterExpiry();
        var accepted = await Storefront.JsonAsync(await new Storefront(client).ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.OK);
        var form = await ReturnForm.FetchAsync(client, (string)accepted["returnUrl"]!);

        Assert.True((bool)accepted["lines"]![0]!["repriced"]!);
        Assert.Equal((13.10m, 12.50m), ((decimal)accepted["lines"]![0]!["unitPrice"]!, (decimal)accepted["lines"]![0]!["storefrontUnitPrice"]!));
        Assert.Equal(new Money(13.10m, "USD"), form.Message.Items.Single().ItemDetail.UnitPrice);
        Assert.Equal(new Money(26.20m, "USD"), form.Message.Total);
    }

    // The gateway on the fake clock, and a punchout started and arrived at the storefront.
    private async Task<(HttpClient Client, string SessionId)> StartAsync(Dictionary<string, string?>? settings = null)
    {
        Host = GatewayHost.Start(Redis, Erp.Url, settings, services: s => s.AddSingleton<TimeProvider>(clock));
        var client = Host.Client();
        return (client, await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync()));
    }

    // The shown price of 12.50 expires 5 minutes into the punchout; 10 minutes in, the ERP quotes 13.10, valid since the expiry.
    private DateTimeOffset NewPriceAfterExpiry()
    {
        var expiry = clock.GetUtcNow().AddMinutes(5);
        clock.Advance(TimeSpan.FromMinutes(10));
        Erp.Prices["DEMO-1001"] = 13.10m;
        Erp.Validity["DEMO-1001"] = (expiry, null);
        return expiry;
    }
}
