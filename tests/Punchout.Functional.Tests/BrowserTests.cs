using System.Net;
using System.Web;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.TestSupport;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Punchout.Functional.Tests;

/// <summary>The return page in a real browser: its script posts the cart to the procurement system by itself.</summary>
[Collection(GatewayTests.Name)]
public sealed class BrowserTests(RedisServer redis) : GatewayTestBase(redis)
{
    [Fact]
    public async Task ReturnPage_InChromium_PostsThePunchOutOrderMessageToTheBrowserFormPostUrl()
    {
        using var procurement = WireMockServer.Start();
        procurement.Given(Request.Create().WithPath("/punchout/cart").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html").WithBody("<html><body>Cart received</body></html>"));
        var client = Host.Client();
        var browserFormPost = $"{procurement.Url}/punchout/cart?session=42";
        var sessionId = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync(browserFormPost));
        var accepted = await Storefront.JsonAsync(await new Storefront(client).ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.OK);
        var returnUrl = new Uri((string)accepted["returnUrl"]!);

        using (HeadlessChromium.Open(returnUrl))
        {
            await Eventually.HoldsAsync(() => procurement.LogEntries.Any(e => e.RequestMessage.Path == "/punchout/cart"), "the browser to post the cart");
        }

        var post = procurement.LogEntries.Single(e => e.RequestMessage.Path == "/punchout/cart").RequestMessage;
        Assert.Equal("POST", post.Method);
        Assert.Equal("42", post.Query!["session"].Single());
        Assert.StartsWith("application/x-www-form-urlencoded", post.Headers!["Content-Type"].Single(), StringComparison.Ordinal);
        var fields = HttpUtility.ParseQueryString(post.Body!);
        Assert.Equal("cxml-base64", Assert.Single(fields.AllKeys));
        var document = Convert.FromBase64String(fields["cxml-base64"]!);
        DtdAssert.Valid(document);
        var form = new ReturnForm(browserFormPost, "cxml-base64", fields["cxml-base64"]!);
        Assert.Equal("demo-cookie-7f3a9c", form.Message.BuyerCookie);
        Assert.Equal(25.00m, form.Message.Total.Amount);
        Assert.Equal("DEMO-1001", form.Message.Items.Single().ItemId.SupplierPartId);

        using var again = await client.GetAsync(returnUrl);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
    }

    [Fact]
    public async Task OciReturnPage_InChromium_PostsTheNewItemFieldsInLatin1ToTheHookUrl()
    {
        using var sap = WireMockServer.Start();
        sap.Given(Request.Create().WithPath("/sap/bc/hook").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html").WithBody("<html><body>Items added</body></html>"));
        var browser = Host.Client();
        var callUp = new Dictionary<string, string>
        {
            ["USERNAME"] = "demo",
            ["PASSWORD"] = "demo",
            ["HOOK_URL"] = $"{sap.Url}/sap/bc/hook?sap-client=100",
            ["OCI_VERSION"] = "5.0",
            ["~OkCode"] = "ADDI",
            ["http_content_charset"] = "iso-8859-1",
        };
        using var opened = await browser.PostAsync(new Uri("/oci/demo-oci", UriKind.Relative), new FormUrlEncodedContent(callUp));
        Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
        var sessionId = await Storefront.ArriveAsync(browser, opened.Headers.Location!);
        var cart = new
        {
            currency = "USD",
            lines = new[] { new { supplierPartId = "DEMO-1001", quantity = 3m, unitPrice = 12.50m, unitOfMeasure = "EA", description = "Füller – 5 € “blau”" } },
        };
        var accepted = await Storefront.JsonAsync(await new Storefront(browser).ReturnCartAsync(sessionId, cart), HttpStatusCode.OK);

        using (HeadlessChromium.Open(new Uri((string)accepted["returnUrl"]!)))
        {
            await Eventually.HoldsAsync(() => sap.LogEntries.Any(e => e.RequestMessage.Path == "/sap/bc/hook"), "the browser to post the items");
        }

        var post = sap.LogEntries.Single(e => e.RequestMessage.Path == "/sap/bc/hook").RequestMessage;
        var fields = HttpUtility.ParseQueryString(System.Text.Encoding.Latin1.GetString(post.BodyAsBytes!), System.Text.Encoding.Latin1);
        Assert.Equal(("100", "ADDI"), (fields["sap-client"], fields["~OkCode"]));
        Assert.Equal("Füller &#8211; 5 &#8364; &#8220;blau", fields["NEW_ITEM-DESCRIPTION[1]"]);
        Assert.Equal("Füller &#8211; 5 &#8364; &#8220;blau&#8221;", fields["NEW_ITEM-LONGTEXT_1:132[]"]);
        Assert.Equal(("3", "PCE", "12.5", "USD", "100042"), (fields["NEW_ITEM-QUANTITY[1]"], fields["NEW_ITEM-UNIT[1]"], fields["NEW_ITEM-PRICE[1]"], fields["NEW_ITEM-CURRENCY[1]"], fields["NEW_ITEM-VENDOR[1]"]));
    }
}
