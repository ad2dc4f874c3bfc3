using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.Gateway.Observability;
using Punchout.Protocols.Cxml;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests;

/// <summary>Tax-exempt accounts (issue 5, item 6): the ERP's quote says whether the account is exempt; the returned cart
/// then states the exemption with zero tax, and a taxed OrderRequest from an exempt account is accepted but flagged.</summary>
[Collection(GatewayTests.Name)]
public sealed class TaxExemptTests(RedisServer redis) : GatewayTestBase(redis)
{
    private const string HeaderTax = """
        </BillTo>
                <Tax>
                  <Money currency="USD">2.06</Money>
                  <Description xml:lang="en-US">Sales tax</Description>
                </Tax>
        """;

    private const string LineTax = """
        </ItemDetail>
                  <Tax>
                    <Money currency="USD">2.06</Money>
                    <Description xml:lang="en-US">Sales tax</Description>
                  </Tax>
        """;

    [Fact]
    public async Task Cart_ForAnExemptAccount_CarriesZeroTaxStatingTheExemption_AndIsDtdValid()
    {
        Erp.TaxExempt = true;

        var (accepted, form) = await ReturnCartAsync();

        Assert.True((bool)accepted["taxExempt"]!);
        DtdAssert.Valid(form.Document);
        var tax = Assert.IsType<Tax>(form.Message.Tax);
        Assert.Equal(new Money(0.00m, "USD"), tax.Money);
        Assert.Equal("Tax exempt: account C-DEMO", tax.Description.Text);
        var detail = Assert.Single(tax.Details);
        Assert.Equal(("sales", "tax", "exempt"), (detail.Category, detail.Purpose, detail.ExemptDetail));
        Assert.Equal(new Money(0.00m, "USD"), detail.TaxAmount);
        Assert.Equal(new Money(25.00m, "USD"), detail.TaxableAmount);
    }

    [Fact]
    public async Task Cart_ForANonExemptAccount_CarriesNoTax()
    {
        var (accepted, form) = await ReturnCartAsync();

        Assert.False((bool)accepted["taxExempt"]!);
        DtdAssert.Valid(form.Document);
        Assert.Null(form.Message.Tax);
    }

    [Theory]
    [InlineData("header")]
    [InlineData("line")]
    public async Task TaxedOrder_FromAnExemptAccount_IsAcceptedAndFlagged_ForSupportAndTheErp(string where)
    {
        Erp.TaxExempt = true;
        var document = where == "header" ? ProcurementSystem.OrderRequest(("</BillTo>", HeaderTax)) : ProcurementSystem.OrderRequest(("</ItemDetail>", LineTax));

        var answer = await new ProcurementSystem(Host.Client()).SendAsync(document);

        Assert.Equal(200, answer.Status.Code);
        var id = GatewayOrderId(answer);
        var order = await OrderAsync(id);
        Assert.Equal(["taxed-but-exempt"], order["flags"]!.AsArray().Select(f => (string)f!));
        await Eventually.HoldsAsync(() => Erp.Calls("/orders").Count == 1, "the order to reach the ERP");
        var forwarded = ErpStub.Body(Erp.Calls("/orders").Single());
        Assert.Equal(["taxed-but-exempt"], forwarded["flags"]!.AsArray().Select(f => (string)f!));
        var warning = Assert.Single(Host.Logs.WithEventId(3012));
        Assert.Equal(id, CapturedLogs.Property(warning, "GatewayOrderId"));
        Assert.Equal("DEMO-PO-1001", CapturedLogs.Property(warning, "OrderId"));
        Assert.Equal("demo", CapturedLogs.Property(warning, "Buyer"));
        Assert.Equal(2.06m, decimal.Parse(CapturedLogs.Property(warning, "TaxAmount")!, CultureInfo.InvariantCulture));
        Assert.Equal(1, Metrics().Value("punchout_orders_flagged_total", ("buyer", "demo"), ("flag", "taxed-but-exempt")));
    }

    [Fact]
    public async Task UntaxedOrder_FromAnExemptAccount_IsNotFlagged_AndItsErpBodyHasNoFlags()
    {
        Erp.TaxExempt = true;

        var answer = await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.OrderRequest());

        Assert.Equal(200, answer.Status.Code);
        Assert.Empty((await OrderAsync(GatewayOrderId(answer)))["flags"]!.AsArray());
        await Eventually.HoldsAsync(() => Erp.Calls("/orders").Count == 1, "the order to reach the ERP");
        Assert.Null(ErpStub.Body(Erp.Calls("/orders").Single())["flags"]);
        Assert.Empty(Host.Logs.WithEventId(3012));
    }

    [Fact]
    public async Task TaxedOrder_FromANonExemptAccount_IsNotFlagged()
    {
        var answer = await new ProcurementSystem(Host.Client()).SendAsync(ProcurementSystem.OrderRequest(("</BillTo>", HeaderTax)));

        Assert.Equal(200, answer.Status.Code);
        Assert.Empty((await OrderAsync(GatewayOrderId(answer)))["flags"]!.AsArray());
        Assert.Empty(Host.Logs.WithEventId(3012));
    }

    private async Task<(JsonNode Accepted, ReturnForm Form)> ReturnCartAsync()
    {
        var client = Host.Client();
        var sessionId = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync());
        var accepted = await Storefront.JsonAsync(await new Storefront(client).ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.OK);
        return (accepted, await ReturnForm.FetchAsync(client, (string)accepted["returnUrl"]!));
    }

    private PrometheusExporter Metrics() => Host.Service<PrometheusExporter>();
}
