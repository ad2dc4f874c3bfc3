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
}
