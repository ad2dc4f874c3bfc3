using System.Net;
using System.Text.RegularExpressions;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests;

/// <summary>The console over plain HTTP: who gets in, and the punchout tester's OCI round trip, form by form as a
/// browser would post them.</summary>
[Collection(GatewayTests.Name)]
public sealed partial class ConsoleTests(RedisServer redis) : GatewayTestBase(redis)
{
    [Fact]
    public async Task Console_WithoutSigningIn_SendsAGetToTheSignInPage_AndRefusesAPost()
    {
        using var get = await Host.Client().GetAsync(new Uri("/console/dead-letters", UriKind.Relative));
        using var post = await Host.Client().PostAsync(new Uri("/console/orders/ord-x/replay", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.Equal("/console/login?returnUrl=%2Fconsole%2Fdead-letters", get.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithAWrongKey_IsRefusedAndLogged_WithoutTheKey()
    {
        using var answer = await Host.Client().PostAsync(new Uri("/console/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = "not-the-key", ["returnUrl"] = "/console" }));
        using var page = await Host.Client().GetAsync(answer.Headers.Location!);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.False(answer.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Contains("not the admin key", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(Host.Logs.WithEventId(9001));
        Assert.DoesNotContain(Host.Logs.Lines(), l => l.Contains("not-the-key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignIn_SendsBackOnlyIntoTheConsole_AndACookieFromAnotherKeyIsRefused()
    {
        var client = Host.Client();
        using var outside = await client.PostAsync(new Uri("/console/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = "demo-admin-key", ["returnUrl"] = "https://evil.example/" }));
        var cookie = outside.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("punchout_console=", StringComparison.Ordinal)).Split(';')[0];
        var forged = Regex.Replace(cookie, @"\.[^.]+$", ".AAAA");

        Assert.Equal("/console", outside.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/console", cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await GetAsync("/console", forged)).StatusCode);
    }

    [Fact]
    public async Task ConsolePost_FromAnotherOrigin_IsForbidden()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/console/orders/ord-x/replay", UriKind.Relative));
        request.Headers.Add("X-Api-Key", "demo-admin-key");
        request.Headers.Add("Origin", "https://evil.example");

        using var answer = await Host.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
    }

    [Fact]
    public async Task Tester_OciRoundTrip_ShowsTheNewItemFieldsTheSapSystemReceives()
    {
        var client = Host.Client();
        var run = await PostFormAsync(client, "/console/tester", new() { ["buyer"] = "demo-oci|oci", ["secret"] = string.Empty });
        var runPage = await (await GetAsync(run)).Content.ReadAsStringAsync();
        Assert.Contains("OCI call-up sent", runPage, StringComparison.Ordinal);
        Assert.Contains("HTTP 303", runPage, StringComparison.Ordinal);
        var start = StartLink().Match(runPage).Groups[1].Value;

        var storefront = (await client.GetAsync(new Uri(start))).Headers.Location!;
        Assert.StartsWith("/sandbox/storefront?punchout_session=", storefront.OriginalString, StringComparison.Ordinal);
        var session = storefront.OriginalString.Split('=')[1];
        var returnPage = await PostFormAsync(client, "/sandbox/storefront/cart", new() { ["session"] = session, ["qty-DEMO-1002"] = "3", ["price-DEMO-1002"] = "5.75", ["action"] = "cart" });
        var form = HtmlForms.TheOnly(await (await client.GetAsync(new Uri(returnPage))).Content.ReadAsStringAsync());
        Assert.EndsWith("/received", form.Action, StringComparison.Ordinal);
        var shown = await PostFormAsync(client, new Uri(form.Action!).PathAndQuery, form.Fields);
        var result = await (await GetAsync(shown)).Content.ReadAsStringAsync();

        Assert.Equal(run, shown);
        Assert.Contains("OCI form received", result, StringComparison.Ordinal);
        Assert.Contains("<td>DEMO-1002</td><td>3</td><td>PCE</td><td>5.75 USD</td>", result, StringComparison.Ordinal);
        Assert.Contains("NEW_ITEM-VENDOR[1]", result, StringComparison.Ordinal);
        Assert.DoesNotContain("Send it as an OrderRequest", result, StringComparison.Ordinal);
        Assert.DoesNotContain("PASSWORD", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tester_ForABuyerWithOnlyASecretHash_AsksForTheSecret_AndUsesATypedOneOnce()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?>
        {
            ["Buyers:0:Cxml:SharedSecret"] = string.Empty,
            ["Buyers:0:Cxml:SharedSecretSha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("demo-shared-secret"u8)),
        });
        var client = Host.Client();

        var refused = await PostFormAsync(client, "/console/tester", new() { ["buyer"] = "demo|cxml", ["secret"] = string.Empty });
        var typed = await PostFormAsync(client, "/console/tester", new() { ["buyer"] = "demo|cxml", ["secret"] = "demo-shared-secret" });
        var page = await (await GetAsync(typed)).Content.ReadAsStringAsync();

        Assert.Contains("type the secret", Uri.UnescapeDataString(refused), StringComparison.Ordinal);
        Assert.Contains("200 OK", page, StringComparison.Ordinal);
        Assert.DoesNotContain("demo-shared-secret", page, StringComparison.Ordinal);
        Assert.DoesNotContain(Host.Logs.Lines(), l => l.Contains("demo-shared-secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sessions_ListsTheBuyersPunchouts_WithTheirState()
    {
        var client = Host.Client();
        var sessionId = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync());

        var page = await (await GetAsync("/console/sessions?buyer=demo")).Content.ReadAsStringAsync();

        Assert.Contains($"<td>{sessionId}</td><td>cxml</td><td>create</td><td>started</td>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_CountsTodaysAndTheLastHoursPunchoutsAndRefusalsByReason()
    {
        var client = Host.Client();
        var storefront = new Storefront(client);
        var refused = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync());
        await Storefront.JsonAsync(await storefront.ReturnCartAsync(refused, Storefront.Cart(unitPrice: 9.99m)), HttpStatusCode.UnprocessableEntity);
        var returned = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync());
        await Storefront.JsonAsync(await storefront.ReturnCartAsync(returned, Storefront.Cart()), HttpStatusCode.OK);

        var page = await (await GetAsync("/console")).Content.ReadAsStringAsync();

        Assert.Contains("<td>punchouts started</td><td>2</td><td>2</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>carts returned</td><td>1</td><td>1</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>price-mismatch</td><td>1</td><td>1</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>orders received</td><td>0</td><td>0</td>", page, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.RelativeOrAbsolute));
        if (cookie is null)
        {
            request.Headers.Add("X-Api-Key", "demo-admin-key");
        }
        else
        {
            request.Headers.Add("Cookie", cookie);
        }

        return await Host.Client().SendAsync(request);
    }

    // Posts a form with the admin key and answers where the gateway sends the browser next.
    private static async Task<string> PostFormAsync(HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("X-Api-Key", "demo-admin-key");
        using var answer = await client.SendAsync(request);
        Assert.True(answer.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"{path}: {answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        return answer.Headers.Location!.OriginalString;
    }

    private static Task<string> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields) => PostFormAsync(client, path, (IEnumerable<KeyValuePair<string, string>>)fields);

    [GeneratedRegex("href=\"(http[^\"]*/punchout/start/[^\"]*)\"")]
    private static partial Regex StartLink();
}
