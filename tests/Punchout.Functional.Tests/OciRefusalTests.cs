using System.Net;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests;

/// <summary>Every call-up the gateway must refuse, whatever FUNCTION it names: a page saying what to fix, no form,
/// no session, no ERP call, and nothing secret on the page or in the log.</summary>
[Collection(GatewayTests.Name)]
public sealed class OciRefusalTests(RedisServer redis) : GatewayTestBase(redis)
{
    public static TheoryData<string, string?, HttpStatusCode, string> BadHooks() => new()
    {
        { "VALIDATE", "https://attacker.example/steal", HttpStatusCode.Forbidden, "not on the list" },
        { "VALIDATE", null, HttpStatusCode.BadRequest, "carries no HOOK_URL" },
        { "VALIDATE", "javascript:alert(1)", HttpStatusCode.BadRequest, "not an http or https address" },
        { "BACKGROUND_SEARCH", "https://attacker.example/steal", HttpStatusCode.Forbidden, "not on the list" },
        { "BACKGROUND_SEARCH", null, HttpStatusCode.BadRequest, "carries no HOOK_URL" },
        { "BACKGROUND_SEARCH", "javascript:alert(1)", HttpStatusCode.BadRequest, "not an http or https address" },
        { "SOURCING", "http://127.0.0.1:8000/hook", HttpStatusCode.NotImplemented, "FUNCTION=SOURCING is not supported" },
        { "VALIDATE", "http://127.0.0.1:8000/hook?NEW_ITEM-PRICE[1]=0.01", HttpStatusCode.BadRequest, "'NEW_ITEM-PRICE[1]'" },
        { "VALIDATE", "http://127.0.0.1:8000/hook?~OkCode=DELE", HttpStatusCode.BadRequest, "'~OkCode'" },
        { "BACKGROUND_SEARCH", "http://127.0.0.1:8000/hook?new_item-quantity[1]=999", HttpStatusCode.BadRequest, "'new_item-quantity[1]'" },
    };

    [Theory]
    [MemberData(nameof(BadHooks))]
    public async Task FunctionOrCallUpWithABadHook_IsRefusedWithoutFormSessionOrPrice(string function, string? hook, HttpStatusCode status, string says)
    {
        var callUp = OciFlowTests.CallUp(hook: hook);
        callUp["FUNCTION"] = function;
        callUp["PRODUCTID"] = "DEMO-1001";
        callUp["QUANTITY"] = "1";
        callUp["SEARCHSTRING"] = "DEMO";

        await RefusedAsync(callUp, status, says);
        Assert.Empty(Erp.Calls("/prices/quote"));
    }

    [Fact]
    public async Task HookQueryPosingAsAnItemField_IsRefusedForAPlainCallUpToo()
    {
        await RefusedAsync(OciFlowTests.CallUp(hook: "http://127.0.0.1:8000/hook?a=1&NEW_ITEM-QUANTITY[1]=999"), HttpStatusCode.BadRequest, "would pose as a field of the cart");
    }

    [Fact]
    public async Task HookWithAPassword_IsRefused_AndThePasswordAppearsNowhere()
    {
        var html = await RefusedAsync(OciFlowTests.CallUp(hook: "http://sapuser:TopSecretPw1@127.0.0.1:8000/hook"), HttpStatusCode.BadRequest, "user name or password before its host");

        Assert.DoesNotContain("TopSecretPw1", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Host.Logs.Lines(), line => line.Contains("TopSecretPw1", StringComparison.Ordinal));
    }

    public static TheoryData<string, string?, string?> BadCredentials() => new()
    {
        { "wrong user name", "someone", "demo" },
        { "no user name", null, "demo" },
        { "no password", "demo", null },
    };

    [Theory]
    [MemberData(nameof(BadCredentials))]
    public async Task CallUpWithoutTheAgreedCredentials_Is401(string what, string? username, string? password)
    {
        var callUp = OciFlowTests.CallUp();
        Set(callUp, "USERNAME", username);
        Set(callUp, "PASSWORD", password);

        await RefusedAsync(callUp, HttpStatusCode.Unauthorized, "user name or password", what);
    }

    [Fact]
    public async Task DetailWithAWrongPassword_Is401_NotARedirect()
    {
        var callUp = OciFlowTests.CallUp(password: "nope");
        callUp["FUNCTION"] = "DETAIL";
        callUp["PRODUCTID"] = "DEMO-1001";

        await RefusedAsync(callUp, HttpStatusCode.Unauthorized, "user name or password");
    }

    [Fact]
    public async Task UnknownBuyer_Is404()
    {
        using var response = await Host.Client().GetAsync(new Uri("/oci/nobody?USERNAME=demo&PASSWORD=demo", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no OCI catalog at this address", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("IBM037")]
    public async Task CharsetNoBrowserSubmitsIn_IsRefused(string charset)
    {
        var callUp = OciFlowTests.CallUp();
        callUp["http_content_charset"] = charset;

        await RefusedAsync(callUp, HttpStatusCode.BadRequest, charset);
    }

    [Fact]
    public async Task Detail_WithAProductUrlTemplate_RedirectsThere()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?> { ["Storefront:ProductUrl"] = "https://shop.example/p/{productId}?from=sap" });
        var callUp = OciFlowTests.CallUp();
        callUp["FUNCTION"] = "DETAIL";
        callUp["PRODUCTID"] = "DEMO 1001";

        using var response = await Host.Client().GetAsync(Url(callUp));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("https://shop.example/p/DEMO%201001?from=sap", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task RefusalPages_RunNothingAndPostNowhere()
    {
        using var response = await Host.Client().GetAsync(Url(OciFlowTests.CallUp(password: "nope")));

        Assert.Equal("default-src 'none'; base-uri 'none'; form-action 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    private static void Set(Dictionary<string, string> callUp, string name, string? value)
    {
        if (value is null)
        {
            callUp.Remove(name);
        }
        else
        {
            callUp[name] = value;
        }
    }

    private static Uri Url(Dictionary<string, string> parameters) =>
        new($"/oci/demo-oci?{string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"))}", UriKind.Relative);

    private async Task<string> RefusedAsync(Dictionary<string, string> callUp, HttpStatusCode status, string says, string? what = null)
    {
        using var response = await Host.Client().GetAsync(Url(callUp));
        var html = await response.Content.ReadAsStringAsync();

        Assert.True(status == response.StatusCode, $"{what}: {response.StatusCode} {html}");
        Assert.Contains(says, WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Empty(HtmlForms.Read(html));
        Assert.Empty(await Host.StoredKeysAsync(Redis));
        return html;
    }
}
