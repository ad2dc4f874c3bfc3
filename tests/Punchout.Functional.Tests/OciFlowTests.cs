using System.Net;
using System.Text;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.Protocols.Oci;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests;

/// <summary>SAP OCI punchouts through the real gateway on real Redis: the call-up, the storefront, the ERP check, and
/// the NEW_ITEM form read with an HTML parser as the browser would post it.</summary>
[Collection(GatewayTests.Name)]
public sealed class OciFlowTests(RedisServer redis) : GatewayTestBase(redis)
{
    private const string Hook = "http://127.0.0.1:8000/sap/bc/gui/hook?sap-client=100";
    private static readonly string[] MappedFields = ["QUANTITY", "UNIT", "PRICE", "CURRENCY", "LEADTIME", "VENDOR", "VENDORMAT", "MATGROUP", "EXT_PRODUCT_ID"];

    public static Dictionary<string, string> CallUp(string version = "4.0", string? hook = Hook, string password = "demo") => new()
    {
        ["USERNAME"] = "demo",
        ["PASSWORD"] = password,
        ["HOOK_URL"] = hook ?? string.Empty,
        ["OCI_VERSION"] = version,
        ["OPI_VERSION"] = "1.0",
        ["~OkCode"] = "ADDI",
        ["~TARGET"] = "_top",
        ["~CALLER"] = "CTLG",
        ["returntarget"] = "_parent",
    };

    [Fact]
    public async Task Oci40CallUp_ShopAndReturn_PostsEveryMappedFieldWithEchoesHookQueryAndTarget()
    {
        var browser = Host.Client();
        var sessionId = await OpenAsync(browser, CallUp());
        var storefront = new Storefront(Host.Client());

        var context = await Storefront.JsonAsync(await storefront.GetSessionAsync(sessionId), HttpStatusCode.OK);
        var accepted = await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.OK);
        var form = await FetchFormAsync(browser, (string)accepted["returnUrl"]!);

        Assert.Equal(("oci", "demo-oci", "demo"), ((string)context["protocol"]!, (string)context["buyer"]!, (string)context["user"]!["uniqueName"]!));
        Assert.Equal(("http://127.0.0.1:8000/sap/bc/gui/hook", "post", "_parent"), (form.Action, form.Method, form.Target));
        Assert.True(form.AutoSubmits);
        Assert.Equal(
            [("sap-client", "100"), ("~OkCode", "ADDI"), ("~TARGET", "_top"), ("~CALLER", "CTLG")],
            form.Fields.Take(4).Select(f => (f.Key, f.Value)));
        var fields = form.Fields.ToDictionary(f => f.Key, f => f.Value);
        Assert.Equal("Ballpoint pen, blue, box of 12 – Müller ", fields["NEW_ITEM-DESCRIPTION[1]"]);
        Assert.Equal("Ballpoint pen, blue, box of 12 – Müller édition", fields["NEW_ITEM-LONGTEXT_1:132[]"]);
        Assert.Equal(
            [("QUANTITY", "2"), ("UNIT", "PCE"), ("PRICE", "12.5"), ("CURRENCY", "USD"), ("LEADTIME", "3"), ("VENDOR", "100042"), ("VENDORMAT", "DEMO-1001"), ("MATGROUP", "44121701"), ("EXT_PRODUCT_ID", "DEMO-1001")],
            MappedFields.Select(f => (f, fields[$"NEW_ITEM-{f}[1]"])));
        Assert.DoesNotContain(form.Fields, f => f.Key.StartsWith("NEW_ITEM-PARENT_ID", StringComparison.Ordinal) || f.Key.StartsWith("NEW_ITEM-ITEM_TYPE", StringComparison.Ordinal));
        var line = Assert.Single(OciForm.Read(form.Fields).Items);
        Assert.Equal((2m, 12.50m, "DEMO-1001"), (line.Quantity, line.Price, line.ExtProductId));
    }

    [Fact]
    public async Task Oci50PostedCallUp_InLatin1_SendsWhatLatin1CannotCarryAsCharacterReferences()
    {
        var browser = Host.Client();
        var callUp = CallUp("5.0");
        callUp["http_content_charset"] = "iso-8859-1";
        var sessionId = await OpenAsync(browser, callUp, post: true);
        var cart = new
        {
            currency = "USD",
            lines = new[] { new { supplierPartId = "DEMO-1001", quantity = 1m, unitPrice = 12.50m, unitOfMeasure = "EA", description = "Füller – 5 € “blau”" } },
        };

        var accepted = await Storefront.JsonAsync(await new Storefront(Host.Client()).ReturnCartAsync(sessionId, cart), HttpStatusCode.OK);
        using var page = await browser.GetAsync(new Uri((string)accepted["returnUrl"]!));
        var bytes = await page.Content.ReadAsByteArrayAsync();
        var html = Encoding.Latin1.GetString(bytes);
        var form = HtmlForms.TheOnly(html);

        Assert.Equal("iso-8859-1", page.Content.Headers.ContentType!.CharSet);
        Assert.Equal("iso-8859-1", form.AcceptCharset);
        Assert.DoesNotContain((byte)0xC3, bytes); // no UTF-8 lead byte: the page is Latin-1 throughout
        // As sent the description is 44 characters: cut at 40 without splitting a reference, and sent whole as long text.
        Assert.Equal("Füller &#8211; 5 &#8364; &#8220;blau", form.Fields.Single(f => f.Key == "NEW_ITEM-DESCRIPTION[1]").Value);
        Assert.Equal("Füller &#8211; 5 &#8364; &#8220;blau&#8221;", form.Fields.Single(f => f.Key == "NEW_ITEM-LONGTEXT_1:132[]").Value);
        Assert.Equal("PCE", form.Fields.Single(f => f.Key == "NEW_ITEM-UNIT[1]").Value);
    }

    [Fact]
    public async Task Oci50Buyer_MappingEveryField_GetsEveryNewItemFieldOfOci5()
    {
        var constants = new Dictionary<string, string>
        {
            ["MATNR"] = "M-1", ["MANUFACTCODE"] = "ACME", ["MANUFACTMAT"] = "PC-12", ["SERVICE"] = "X", ["CONTRACT"] = "4600000017", ["CONTRACT_ITEM"] = "10",
            ["EXT_QUOTE_ID"] = "Q-77", ["EXT_QUOTE_ITEM"] = "1", ["ATTACHMENT"] = "https://shop.example/pen.pdf", ["ATTACHMENT_TITLE"] = "Data sheet",
            ["ATTACHMENT_PURPOSE"] = "C", ["EXT_SCHEMA_TYPE"] = "UNSPSC", ["EXT_CATEGORY_ID"] = "44121701", ["EXT_CATEGORY"] = "Pens", ["SLD_SYS_NAME"] = "SHOP",
            ["CUST_FIELD1"] = "c1", ["CUST_FIELD2"] = "c2", ["CUST_FIELD3"] = "c3", ["CUST_FIELD4"] = "c4", ["CUST_FIELD5"] = "c5", ["PARENT_ID"] = "1", ["ITEM_TYPE"] = "R",
        };
        Host = GatewayHost.Start(Redis, Erp.Url, constants.ToDictionary(c => $"Buyers:1:Oci:Fields:{c.Key}", c => (string?)$"const:{c.Value}"));
        var browser = Host.Client();
        var sessionId = await OpenAsync(browser, CallUp("5.0"));

        var accepted = await Storefront.JsonAsync(await new Storefront(Host.Client()).ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.OK);
        var fields = (await FetchFormAsync(browser, (string)accepted["returnUrl"]!)).Fields.ToDictionary(f => f.Key, f => f.Value);

        Assert.All(OciField.All, field => Assert.True(fields.ContainsKey($"NEW_ITEM-{field.Name}[1]"), $"NEW_ITEM-{field.Name}[1] is missing"));
        Assert.All(constants, c => Assert.Equal(c.Value, fields[$"NEW_ITEM-{c.Key}[1]"]));
        Assert.All(fields.Where(f => f.Key.StartsWith("NEW_ITEM-", StringComparison.Ordinal) && !f.Key.Contains("LONGTEXT", StringComparison.Ordinal)), f =>
            Assert.True(f.Value.Length <= OciField.Named(f.Key[9..f.Key.IndexOf('[', StringComparison.Ordinal)])!.Length, $"{f.Key} is longer than OCI allows"));
    }

    [Fact]
    public async Task BuyerWithOwnParameterNames_IsAuthenticatedAndServedByThem()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?>
        {
            ["Buyers:1:Oci:UsernameParameter"] = "LOGIN",
            ["Buyers:1:Oci:PasswordParameter"] = "PWD",
            ["Buyers:1:Oci:HookUrlParameter"] = "MM_HOOK_URL",
        });
        var callUp = new Dictionary<string, string> { ["LOGIN"] = "demo", ["PWD"] = "demo", ["MM_HOOK_URL"] = Hook };
        var browser = Host.Client();

        using var withDefaultNames = await browser.GetAsync(Url(CallUp()));
        var sessionId = await OpenAsync(browser, callUp);

        Assert.Equal(HttpStatusCode.Unauthorized, withDefaultNames.StatusCode);
        var context = await Storefront.JsonAsync(await new Storefront(Host.Client()).GetSessionAsync(sessionId), HttpStatusCode.OK);
        Assert.Equal("oci", (string)context["protocol"]!);
    }

    [Fact]
    public async Task ReturnPage_UsedTwice_SecondTimeIsAnErrorPage()
    {
        var browser = Host.Client();
        var sessionId = await OpenAsync(browser, CallUp());
        var accepted = await Storefront.JsonAsync(await new Storefront(Host.Client()).ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.OK);
        var returnUrl = new Uri((string)accepted["returnUrl"]!);

        using var first = await browser.GetAsync(returnUrl);
        using var second = await browser.GetAsync(returnUrl);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, second.StatusCode);
        Assert.Empty(HtmlForms.Read(await second.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Cancel_PostsTheEchoesAndNoItems()
    {
        var browser = Host.Client();
        var sessionId = await OpenAsync(browser, CallUp());

        var link = await Storefront.JsonAsync(await new Storefront(Host.Client()).CancelAsync(sessionId), HttpStatusCode.OK);
        var form = await FetchFormAsync(browser, (string)link["returnUrl"]!);

        Assert.Equal("http://127.0.0.1:8000/sap/bc/gui/hook", form.Action);
        Assert.Contains(new KeyValuePair<string, string>("~OkCode", "ADDI"), form.Fields);
        Assert.DoesNotContain(form.Fields, f => f.Key.StartsWith("NEW_ITEM-", StringComparison.Ordinal));
    }

    public static TheoryData<string, string?, string, HttpStatusCode, string> BadCallUps() => new()
    {
        { "wrong password", Hook, "Wr0ngPassw0rd", HttpStatusCode.Unauthorized, "user name or password" },
        { "missing HOOK_URL", null, "demo", HttpStatusCode.BadRequest, "carries no HOOK_URL" },
        { "javascript: HOOK_URL", "javascript:alert(document.cookie)", "demo", HttpStatusCode.BadRequest, "not an http or https address" },
        { "unlisted HOOK_URL", "https://attacker.example/steal", "demo", HttpStatusCode.Forbidden, "not on the list" },
        { "HOOK_URL with a user name", "http://evil@127.0.0.1:8000/hook", "demo", HttpStatusCode.BadRequest, "user name or password before its host" },
    };

    [Theory]
    [MemberData(nameof(BadCallUps))]
    public async Task BadCallUp_IsAClearPage_AndOpensNoSession(string what, string? hook, string password, HttpStatusCode status, string says)
    {
        using var response = await Host.Client().GetAsync(Url(CallUp(hook: hook, password: password)));
        var html = await response.Content.ReadAsStringAsync();

        Assert.True(status == response.StatusCode, $"{what}: {response.StatusCode} {html}");
        Assert.Contains(says, System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        if (password != "demo")
        {
            // The demo password is also part of the buyer's id; a wrong one must appear nowhere.
            Assert.DoesNotContain(password, html, StringComparison.Ordinal);
            Assert.DoesNotContain(Host.Logs.Lines(), line => line.Contains(password, StringComparison.Ordinal));
        }

        Assert.Single(Host.Logs.WithEventId(5001));
        Assert.Empty(await Host.StoredKeysAsync(Redis));
    }

    [Fact]
    public async Task UnknownCharset_IsRefusedBeforeAnySession()
    {
        var callUp = CallUp();
        callUp["http_content_charset"] = "klingon-1";

        using var response = await Host.Client().GetAsync(Url(callUp));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("klingon-1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await Host.StoredKeysAsync(Redis));
    }

    [Fact]
    public async Task FieldLongerThanOciAllows_RefusesTheCartAndSaysWhichLineAndField()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?> { ["Buyers:1:Oci:Fields:CUST_FIELD1"] = "extrinsic:Color" });
        var browser = Host.Client();
        var sessionId = await OpenAsync(browser, CallUp());
        var cart = new
        {
            currency = "USD",
            lines = new[] { new { supplierPartId = "DEMO-1001", quantity = 1m, unitPrice = 12.50m, unitOfMeasure = "EA", extrinsics = new Dictionary<string, string> { ["Color"] = "blue with white stripes" } } },
        };

        var problem = await Storefront.JsonAsync(await new Storefront(Host.Client()).ReturnCartAsync(sessionId, cart), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("oci-fields-invalid", (string)problem["code"]!);
        var error = problem["errors"]![0]!;
        Assert.Equal((1, "CUST_FIELD1"), ((int)error["line"]!, (string)error["field"]!));
        var context = await Storefront.JsonAsync(await new Storefront(Host.Client()).GetSessionAsync(sessionId), HttpStatusCode.OK);
        Assert.Equal("started", (string)context["state"]!);
    }

    [Fact]
    public async Task BuyerAllowingMixedCurrencies_GetsOneQuoteAndOneCreditCheckPerCurrency_AndACurrencyPerItem()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?> { ["Buyers:1:MixedCurrencies"] = "true", ["Buyers:1:CreditCheck"] = "Blocking" });
        Erp.ForeignPrices[("EUR", "DEMO-1002")] = 5.30m;
        var browser = Host.Client();
        var sessionId = await OpenAsync(browser, CallUp());
        var storefront = new Storefront(Host.Client());

        var context = await Storefront.JsonAsync(await storefront.GetSessionAsync(sessionId), HttpStatusCode.OK);
        var accepted = await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, MixedCart()), HttpStatusCode.OK);
        var form = await FetchFormAsync(browser, (string)accepted["returnUrl"]!);

        Assert.True((bool)context["mixedCurrencies"]!);
        Assert.Null(accepted["total"]);
        Assert.Equal(
            [("USD", 25.00m), ("EUR", 21.20m)],
            accepted["totals"]!.AsArray().Select(t => ((string)t!["currency"]!, (decimal)t["total"]!)));
        Assert.Equal(["USD", "EUR"], accepted["lines"]!.AsArray().Select(l => (string)l!["currency"]!));
        Assert.Equal(["EUR", "USD"], Erp.Calls("/prices/quote").Select(c => (string)ErpStub.Body(c)["currency"]!).Order(StringComparer.Ordinal));
        Assert.Equal(
            [("EUR", 21.20m), ("USD", 25.00m)],
            Erp.Calls("/credit/check").Select(c => ((string)ErpStub.Body(c)["currency"]!, (decimal)ErpStub.Body(c)["amount"]!)).Order());
        var items = OciForm.Read(form.Fields).Items;
        Assert.Equal([("DEMO-1001", 12.50m, "USD"), ("DEMO-1002", 5.30m, "EUR")], items.Select(i => (i.ExtProductId, i.Price!.Value, i.Currency)));
    }

    [Fact]
    public async Task BuyerTakingOneCurrency_RefusesALineInAnotherAsMixedCurrencies_WithoutAskingTheErp()
    {
        var sessionId = await OpenAsync(Host.Client(), CallUp());
        var storefront = new Storefront(Host.Client());

        var context = await Storefront.JsonAsync(await storefront.GetSessionAsync(sessionId), HttpStatusCode.OK);
        var problem = await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, MixedCart()), HttpStatusCode.UnprocessableEntity);

        Assert.False((bool)context["mixedCurrencies"]!);
        var error = Assert.Single(problem["errors"]!.AsArray())!;
        Assert.Equal((2, "mixed-currencies"), ((int)error["line"]!, (string)error["code"]!));
        Assert.Contains("one currency per cart", (string)error["message"]!, StringComparison.Ordinal);
        Assert.Empty(Erp.Calls("/prices/quote"));
        var after = await Storefront.JsonAsync(await storefront.GetSessionAsync(sessionId), HttpStatusCode.OK);
        Assert.Equal("started", (string)after["state"]!);
    }

    // DEMO-1001 in the cart's USD, DEMO-1002 in EUR.
    private static object MixedCart() => new
    {
        currency = "USD",
        lines = new object[]
        {
            new { supplierPartId = "DEMO-1001", quantity = 2, unitPrice = 12.50m, unitOfMeasure = "EA", description = "Ballpoint pen" },
            new { supplierPartId = "DEMO-1002", quantity = 4, unitPrice = 5.30m, currency = "EUR", unitOfMeasure = "EA", description = "Notebook" },
        },
    };

    private static Uri Url(Dictionary<string, string> parameters) =>
        new($"/oci/demo-oci?{string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"))}", UriKind.Relative);

    // The browser opens the call-up, follows the 303 to the start link and the start link to the storefront.
    private static async Task<string> OpenAsync(HttpClient browser, Dictionary<string, string> callUp, bool post = false)
    {
        using var response = post
            ? await browser.PostAsync(new Uri("/oci/demo-oci", UriKind.Relative), new FormUrlEncodedContent(callUp))
            : await browser.GetAsync(Url(callUp));
        Assert.True(HttpStatusCode.SeeOther == response.StatusCode, await response.Content.ReadAsStringAsync());
        return await Storefront.ArriveAsync(browser, response.Headers.Location!);
    }

    private static async Task<HtmlForm> FetchFormAsync(HttpClient browser, string returnUrl)
    {
        using var response = await browser.GetAsync(new Uri(returnUrl));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        return HtmlForms.TheOnly(html);
    }
}
