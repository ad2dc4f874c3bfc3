using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.PunchOut;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests.Infrastructure;

/// <summary>The buyer's procurement system: sends cXML documents to the gateway as a real one would.</summary>
public sealed class ProcurementSystem(HttpClient http)
{
    /// <summary>The demo buyer's SharedSecret (development defaults).</summary>
    public const string DemoSecret = "demo-shared-secret";

    /// <summary>The sample setup request, with its payloadID made unique so tests stay independent.</summary>
    public static byte[] SetupRequest(string? browserFormPostUrl = null, string? secret = null, string? operation = null) =>
        Sample(
            "samples/cxml/PunchOutSetupRequest.xml",
            ("https://procurement.example/punchout/cart?session=42", browserFormPostUrl),
            (DemoSecret, secret),
            ("operation=\"create\"", operation is null ? null : $"operation=\"{operation}\""));

    /// <summary>The sample order request, with its payloadID made unique.</summary>
    public static byte[] OrderRequest(params (string Find, string? Replace)[] changes) =>
        Sample("samples/cxml/OrderRequest.xml", changes);

    /// <summary>The demo buyer's authenticated envelope carrying <paramref name="requestElement"/> instead of the setup request.</summary>
    public static byte[] Request(string requestElement)
    {
        var document = Encoding.UTF8.GetString(SetupRequest());
        var start = document.IndexOf("<PunchOutSetupRequest", StringComparison.Ordinal);
        var end = document.IndexOf("</PunchOutSetupRequest>", StringComparison.Ordinal) + "</PunchOutSetupRequest>".Length;
        return Encoding.UTF8.GetBytes(document[..start] + requestElement + document[end..]);
    }

    /// <summary>Posts a document to /cxml; the answer must be HTTP 200 with a cXML Response.</summary>
    public async Task<CxmlResponse> SendAsync(byte[] document)
    {
        using var content = new ByteArrayContent(document);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
        using var response = await http.PostAsync(new Uri("/cxml", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        DtdAssert.Valid(bytes);
        var read = CxmlReader.Read(bytes);
        Assert.True(read.Error is null, read.Error?.ToString());
        return Assert.IsType<CxmlResponse>(read.Document!.Body);
    }

    /// <summary>Sends the setup request and returns the StartPage URL.</summary>
    public async Task<Uri> StartPunchOutAsync(string? browserFormPostUrl = null, string? operation = null)
    {
        var response = await SendAsync(SetupRequest(browserFormPostUrl, operation: operation));
        Assert.Equal(200, response.Status.Code);
        return new Uri(Assert.IsType<PunchOutSetupResponse>(response.Payload).StartPageUrl);
    }

    private static byte[] Sample(string path, params (string Find, string? Replace)[] changes)
    {
        var text = Encoding.UTF8.GetString(Repository.Bytes(path));
        text = Regex.Replace(text, "payloadID=\"[^\"]+\"", $"payloadID=\"{Guid.NewGuid():N}@test\"");
        foreach (var (find, replace) in changes.Where(c => c.Replace is not null))
        {
            Assert.Contains(find, text, StringComparison.Ordinal);
            text = text.Replace(find, replace, StringComparison.Ordinal);
        }

        return Encoding.UTF8.GetBytes(text);
    }
}

/// <summary>The supplier's storefront: reads the session and hands back the cart through the JSON API.</summary>
public sealed class Storefront(HttpClient http, string apiKey = "demo-storefront-key")
{
    /// <summary>A cart of one line: DEMO-1001 at the demo contract price unless told otherwise.</summary>
    public static object Cart(decimal unitPrice = 12.50m, decimal quantity = 2, string part = "DEMO-1001", string unit = "EA") => new
    {
        currency = "USD",
        lines = new[]
        {
            new
            {
                supplierPartId = part,
                supplierPartAuxiliaryId = "cart-line-1",
                quantity,
                unitPrice,
                unitOfMeasure = unit,
                description = "Ballpoint pen, blue, box of 12 – Müller édition",
                classification = new { domain = "UNSPSC", code = "44121701" },
                manufacturerName = "Pens & Co",
                leadTimeDays = 3,
                extrinsics = new Dictionary<string, string> { ["Color"] = "blue" },
            },
        },
    };

    /// <summary>Follows the start link as the browser does and returns the session id the storefront is given.</summary>
    public static async Task<string> ArriveAsync(HttpClient browser, Uri startPage)
    {
        ArgumentNullException.ThrowIfNull(browser);
        using var response = await browser.GetAsync(startPage);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith("https://shop.example/punchout?lang=en&punchout_session=", location.ToString(), StringComparison.Ordinal);
        return location.Query.Split("punchout_session=")[1];
    }

    /// <summary>GET /api/v1/sessions/{id}.</summary>
    public Task<HttpResponseMessage> GetSessionAsync(string sessionId) => http.SendAsync(Request(HttpMethod.Get, $"/api/v1/sessions/{sessionId}"));

    /// <summary>POST /api/v1/sessions/{id}/cart.</summary>
    public Task<HttpResponseMessage> ReturnCartAsync(string sessionId, object cart)
    {
        var request = Request(HttpMethod.Post, $"/api/v1/sessions/{sessionId}/cart");
        request.Content = JsonContent.Create(cart);
        return http.SendAsync(request);
    }

    /// <summary>POST /api/v1/sessions/{id}/cancel.</summary>
    public Task<HttpResponseMessage> CancelAsync(string sessionId) => http.SendAsync(Request(HttpMethod.Post, $"/api/v1/sessions/{sessionId}/cancel"));

    /// <summary>The JSON of an answer with the expected status.</summary>
    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {expected}, got {response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Api-Key", apiKey);
        return request;
    }
}

/// <summary>The auto-submitting form of a return page, as the browser would post it.</summary>
public sealed record ReturnForm(string Action, string FieldName, string Value)
{
    /// <summary>The document the procurement system receives, decoded as it would decode it.</summary>
    public byte[] Document => FieldName switch
    {
        "cxml-base64" => Convert.FromBase64String(Value),
        "cxml-urlencoded" => Encoding.UTF8.GetBytes(Value),
        _ => throw new InvalidOperationException($"Unknown cart field {FieldName}."),
    };

    /// <summary>The PunchOutOrderMessage in it.</summary>
    public PunchOutOrderMessage Message => Assert.IsType<PunchOutOrderMessage>(Assert.IsType<CxmlMessage>(Envelope.Body).Payload);

    /// <summary>The whole document read back.</summary>
    public CxmlEnvelope Envelope
    {
        get
        {
            var read = CxmlReader.Read(Document);
            Assert.True(read.Error is null, read.Error?.ToString());
            return read.Document!;
        }
    }

    /// <summary>Fetches a return page and reads its form.</summary>
    public static async Task<ReturnForm> FetchAsync(HttpClient browser, string returnUrl)
    {
        ArgumentNullException.ThrowIfNull(browser);
        using var response = await browser.GetAsync(new Uri(returnUrl));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {html}");
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var form = HtmlForms.TheOnly(html);
        Assert.True(form.AutoSubmits, html);
        var field = Assert.Single(form.Fields);
        return new ReturnForm(form.Action!, field.Key, field.Value);
    }
}
