using System.Net;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.Protocols.Oci;
using Punchout.TestSupport;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Punchout.Functional.Tests;

/// <summary>The OCI call-up's FUNCTIONs through the real gateway on real Redis: DETAIL's redirect, VALIDATE's
/// self-submitting form and BACKGROUND_SEARCH's waiting one, priced by the ERP and read with an HTML parser.</summary>
[Collection(GatewayTests.Name)]
public sealed class OciFunctionTests(RedisServer redis) : GatewayTestBase(redis)
{
    private static readonly string[] ValidatedFields = ["DESCRIPTION", "QUANTITY", "UNIT", "PRICE", "CURRENCY", "VENDOR", "VENDORMAT", "MATGROUP", "EXT_PRODUCT_ID"];

    [Fact]
    public async Task Detail_RedirectsToTheProductPage()
    {
        using var response = await Host.Client().GetAsync(Url(CallUp("DETAIL", ("PRODUCTID", "DEMO-1001 /x"))));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("https://shop.example/punchout?lang=en&product=DEMO-1001%20%2Fx", response.Headers.Location!.OriginalString);
        Assert.Empty(await Host.StoredKeysAsync(Redis));
    }

    [Fact]
    public async Task Detail_WithoutProductId_IsAClearPage400()
    {
        await PageWithoutFormAsync(CallUp("DETAIL"), HttpStatusCode.BadRequest, "needs PRODUCTID");
    }

    [Fact]
    public async Task Validate_AnswersAFormThatSubmitsItself_AtTheErpPrice_InTheBuyersUnit()
    {
        Erp.Prices["DEMO-1001"] = 11.25m;

        using var response = await Host.Client().GetAsync(Url(CallUp("VALIDATE", ("PRODUCTID", "demo-1001"), ("QUANTITY", "3.5"))));
        var html = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains("script-src 'nonce-", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var form = HtmlForms.TheOnly(html);
        Assert.True(form.AutoSubmits);
        Assert.Equal(("http://127.0.0.1:8000/sap/bc/gui/hook", "post", "_parent"), (form.Action, form.Method, form.Target));
        Assert.Equal(
            [("sap-client", "100"), ("~OkCode", "ADDI"), ("~TARGET", "_top"), ("~CALLER", "CTLG")],
            form.Fields.Take(4).Select(f => (f.Key, f.Value)));
        var fields = form.Fields.ToDictionary(f => f.Key, f => f.Value);
        Assert.Equal(
            [("DESCRIPTION", "Ballpoint pen, blue, box of 12"), ("QUANTITY", "3.5"), ("UNIT", "PCE"), ("PRICE", "11.25"), ("CURRENCY", "USD"), ("VENDOR", "100042"), ("VENDORMAT", "DEMO-1001"), ("MATGROUP", "44121701"), ("EXT_PRODUCT_ID", "DEMO-1001")],
            ValidatedFields.Select(f => (f, fields[$"NEW_ITEM-{f}[1]"])));
        Assert.Single(OciForm.Read(form.Fields).Items);
        var quote = ErpStub.Body(Assert.Single(Erp.Calls("/prices/quote")));
        Assert.Equal(("C-DEMO", "DEMO-1001", 3.5m, "EA"), ((string)quote["account"]!, (string)quote["lines"]![0]!["supplierPartId"]!, (decimal)quote["lines"]![0]!["quantity"]!, (string)quote["lines"]![0]!["unitOfMeasure"]!));
        Assert.Empty(await Host.StoredKeysAsync(Redis));
    }

    public static TheoryData<string, string?, string?, HttpStatusCode, string> BadValidates() => new()
    {
        { "unknown product", "NOPE-1", "1", HttpStatusCode.NotFound, "has no product NOPE-1" },
        { "no product", null, "1", HttpStatusCode.BadRequest, "needs PRODUCTID" },
        { "no quantity", "DEMO-1001", null, HttpStatusCode.BadRequest, "needs QUANTITY" },
        { "zero", "DEMO-1001", "0", HttpStatusCode.BadRequest, "needs QUANTITY" },
        { "negative", "DEMO-1001", "-2", HttpStatusCode.BadRequest, "needs QUANTITY" },
        { "a word", "DEMO-1001", "many", HttpStatusCode.BadRequest, "needs QUANTITY" },
        { "a decimal comma", "DEMO-1001", "1,5", HttpStatusCode.BadRequest, "needs QUANTITY" },
        { "four decimals", "DEMO-1001", "1.0005", HttpStatusCode.BadRequest, "needs QUANTITY" },
        { "not entitled", "DEMO-1003", "1", HttpStatusCode.UnprocessableEntity, "may not buy part DEMO-1003" },
    };

    [Theory]
    [MemberData(nameof(BadValidates))]
    public async Task Validate_OfWhatCannotBeOrdered_IsAClearPageWithoutForm(string what, string? productId, string? quantity, HttpStatusCode status, string says)
    {
        var parameters = new List<(string, string)>();
        if (productId is not null)
        {
            parameters.Add(("PRODUCTID", productId));
        }

        if (quantity is not null)
        {
            parameters.Add(("QUANTITY", quantity));
        }

        await PageWithoutFormAsync(CallUp("VALIDATE", [.. parameters]), status, says, what);

        Assert.NotEmpty(Host.Logs.WithEventId(5004));
    }

    [Fact]
    public async Task Validate_WhenTheErpCannotPrice_Is503WithoutForm()
    {
        Erp.QuoteFailure = 503;

        await PageWithoutFormAsync(CallUp("VALIDATE", ("PRODUCTID", "DEMO-1001"), ("QUANTITY", "1")), HttpStatusCode.ServiceUnavailable, "Prices cannot be confirmed");
    }

    [Fact]
    public async Task BackgroundSearch_OverTheFileBackedErp_ListsEveryHitItCanSellInAFormThatWaits()
    {
        Host = GatewayHost.Start(Redis, erpUrl: null);

        using var response = await Host.Client().GetAsync(Url(CallUp("BACKGROUND_SEARCH", ("SEARCHSTRING", "demo"))));
        var html = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("script-src", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var form = HtmlForms.TheOnly(html);
        Assert.False(form.AutoSubmits);
        Assert.Equal(("http://127.0.0.1:8000/sap/bc/gui/hook", "post", "_parent"), (form.Action, form.Method, form.Target));
        Assert.Contains(new KeyValuePair<string, string>("~OkCode", "ADDI"), form.Fields);
        var items = OciForm.Read(form.Fields).Items;

        // DEMO-1004 is in items.json but on no contract of C-DEMO: the ERP refuses it, so it is not listed.
        Assert.Equal(
            [("DEMO-1001", 1m, 12.50m, "PCE", "USD", "100042"), ("DEMO-1002", 1m, 5.75m, "PCE", "USD", "100042"), ("DEMO-1003", 1m, 18.40m, "PCE", "USD", "100042")],
            items.Select(i => (i.ExtProductId, i.Quantity, i.Price, i.Unit, i.Currency, i.Vendor)));
        Assert.Equal("Copy paper A4, 80 g/m2, ream of 500 sheets", items[1].LongText);
    }

    [Fact]
    public async Task BackgroundSearch_OverTheFileBackedErp_MatchesEveryWordInPartIdOrDescriptionInAnyCase()
    {
        Host = GatewayHost.Start(Redis, erpUrl: null);

        using var response = await Host.Client().GetAsync(Url(CallUp("BACKGROUND_SEARCH", ("SEARCHSTRING", "PAPER a4"))));
        var html = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        var item = Assert.Single(OciForm.Read(HtmlForms.TheOnly(html).Fields).Items);
        Assert.Equal(("DEMO-1002", 5.75m), (item.ExtProductId, item.Price));
    }

    [Fact]
    public async Task BackgroundSearch_WithoutHits_Is200SayingSo_WithoutForm()
    {
        await PageWithoutFormAsync(CallUp("BACKGROUND_SEARCH", ("SEARCHSTRING", "unicorn saddle")), HttpStatusCode.OK, "No product you can order matches 'unicorn saddle'");

        Assert.Empty(Erp.Calls("/prices/quote"));
    }

    [Fact]
    public async Task BackgroundSearch_ThroughTheStorefrontSearch_ListsItsHitsPricedByTheErp_AndLogsNoPassword()
    {
        Erp.Server.Given(Request.Create().WithPath("/search").UsingGet()).RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody("""
            {"items":[
              {"supplierPartId":"DEMO-1002","description":"Storefront paper","unitOfMeasure":"EA","classification":{"domain":"UNSPSC","code":"14111507"}},
              {"supplierPartId":"GONE-7","description":"Not in the ERP","unitOfMeasure":"EA"},
              {"supplierPartId":"DEMO-1001","description":"Storefront pen","unitOfMeasure":"EA"}
            ]}
            """));
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?>
        {
            ["Storefront:SearchUrl"] = $"{Erp.Url}/search?q={{query}}&lang=en",
            ["Buyers:1:Oci:Password"] = "s3cret-Passw0rd",
        });

        using var response = await Host.Client().GetAsync(Url(CallUp("BACKGROUND_SEARCH", ("SEARCHSTRING", "blue & pen")), password: "s3cret-Passw0rd"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        var form = HtmlForms.TheOnly(html);
        Assert.False(form.AutoSubmits);
        Assert.Equal(
            [("DEMO-1002", "Storefront paper", 5.75m, "14111507"), ("DEMO-1001", "Storefront pen", 12.50m, "44121701")],
            OciForm.Read(form.Fields).Items.Select(i => (i.ExtProductId, i.Description, i.Price, i.MatGroup)));
        var search = Assert.Single(Erp.Calls("/search"));
        Assert.Equal("blue & pen", search.RequestMessage.Query!["q"].Single());
        Assert.DoesNotContain(Host.Logs.Lines(), line => line.Contains("s3cret-Passw0rd", StringComparison.Ordinal));
        Assert.Equal("2", CapturedLogs.Property(Assert.Single(Host.Logs.WithEventId(5006)), "Listed"));
    }

    [Theory]
    [InlineData(500, """{"error":"down"}""")]
    [InlineData(200, """{"hits":[]}""")]
    [InlineData(200, """<html>maintenance</html>""")]
    public async Task BackgroundSearch_WhenTheStorefrontSearchFails_Is503WithoutForm(int status, string body)
    {
        Erp.Server.Given(Request.Create().WithPath("/search").UsingGet()).RespondWith(Response.Create().WithStatusCode(status).WithBody(body));
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?> { ["Storefront:SearchUrl"] = $"{Erp.Url}/search?q={{query}}" });

        await PageWithoutFormAsync(CallUp("BACKGROUND_SEARCH", ("SEARCHSTRING", "pen")), HttpStatusCode.ServiceUnavailable, "catalog cannot answer");

        Assert.Single(Host.Logs.WithEventId(5005));
        Assert.Empty(Erp.Calls("/prices/quote"));
    }

    // The call-up answers a page with this status that says this, and no form that could post anything.
    private async Task PageWithoutFormAsync(Dictionary<string, string> callUp, HttpStatusCode status, string says, string? what = null)
    {
        using var response = await Host.Client().GetAsync(Url(callUp));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.True(status == response.StatusCode, $"{what}: {response.StatusCode} {html}");
        Assert.Contains(says, html, StringComparison.Ordinal);
        Assert.Empty(HtmlForms.Read(html));
    }

    private static Dictionary<string, string> CallUp(string function, params (string Name, string Value)[] parameters)
    {
        var callUp = OciFlowTests.CallUp();
        callUp["FUNCTION"] = function;
        foreach (var (name, value) in parameters)
        {
            callUp[name] = value;
        }

        return callUp;
    }

    private static Uri Url(Dictionary<string, string> parameters, string? password = null)
    {
        if (password is not null)
        {
            parameters["PASSWORD"] = password;
        }

        return new($"/oci/demo-oci?{string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"))}", UriKind.Relative);
    }
}
