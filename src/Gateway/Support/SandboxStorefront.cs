using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Punchout.Gateway.Catalog;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Observability;
using Punchout.Gateway.Redis;
using Punchout.Gateway.Sessions;
using Punchout.Validation.Erp;
using static Punchout.Gateway.Support.ConsolePage;

namespace Punchout.Gateway.Support;

/// <summary>The sandbox storefront at <c>/sandbox/storefront</c>: a minimal catalog page over the catalog's items at
/// the ERP's contract prices, which hands its cart back through the storefront API like any storefront.</summary>
/// <remarks>On when <c>Console:Sandbox</c> is true (the embedded default). The console's punchout tester shops here.
/// The session id in the address is the only key, as for a real storefront; the cart goes through
/// <c>POST /api/v1/sessions/{id}/cart</c> with the first <c>Storefront:ApiKeys</c> entry, so every check a real cart
/// gets applies. The price of each line can be changed before the cart is handed back, to see a refusal.</remarks>
public static class SandboxStorefront
{
    private const int MaxItems = 50;

    /// <summary>Maps the sandbox's page and its cart and cancel forms.</summary>
    public static IEndpointRouteBuilder MapSandboxStorefront(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/sandbox/storefront", PageAsync);
        routes.MapPost("/sandbox/storefront/cart", CartAsync);
        return routes;
    }

    private static IResult Html(string title, string body, int status = StatusCodes.Status200OK) =>
        Results.Content($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="robots" content="noindex"><title>{{Text(title)}} · Sandbox storefront</title>
            <style>body{font-family:system-ui,sans-serif;margin:1rem 1.5rem}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3rem .6rem}.bad{color:#a40e26}</style></head>
            <body><h1>{{Text(title)}}</h1>
            {{body}}
            </body></html>
            """, "text/html; charset=utf-8", statusCode: status);

    private static async Task<IResult> PageAsync(string? punchout_session, string? q, IOptions<GatewayOptions> options, IPunchoutSessionStore sessions, BuyerDirectory buyers, IProductCatalog catalog, IErpClient erp, CancellationToken cancellationToken)
    {
        if (!options.Value.Console.Sandbox)
        {
            return Results.NotFound();
        }

        if (await SessionAsync(punchout_session, sessions, buyers, options, cancellationToken) is not var (session, buyer))
        {
            return Html("No such punchout session", "<p>The session has ended or never existed. Start the punchout again from the procurement system.</p>", StatusCodes.Status404NotFound);
        }

        return await CatalogPageAsync(session, buyer, q ?? string.Empty, [], catalog, erp, cancellationToken);
    }

    private static async Task<(PunchoutSession, Buyer)?> SessionAsync(string? id, IPunchoutSessionStore sessions, BuyerDirectory buyers, IOptions<GatewayOptions> options, CancellationToken cancellationToken) =>
        id is not null && SessionTokens.LooksValid(id) && await sessions.GetAsync(id, options.Value.Sessions.Ttl, cancellationToken) is { } session && buyers.Find(session.BuyerId) is { } buyer
            ? (session, buyer)
            : null;

    // The catalog's items priced for the session's account in one quote, with a quantity and a price field each.
    private static async Task<IResult> CatalogPageAsync(PunchoutSession session, Buyer buyer, string query, List<string> problems, IProductCatalog catalog, IErpClient erp, CancellationToken cancellationToken)
    {
        var search = await catalog.SearchAsync(query, cancellationToken);
        var products = search.Products?.Take(MaxItems).ToList() ?? [];
        var quote = products.Count == 0 ? null : (await erp.QuotePricesAsync(
            new PriceQuoteRequest(buyer.ErpAccount, buyer.DefaultCurrency, [.. products.Select((p, i) => new PriceQuoteLine((i + 1).ToString(CultureInfo.InvariantCulture), p.SupplierPartId, null, 1, p.UnitOfMeasure))]),
            cancellationToken)).Value;
        var prices = quote?.Lines.Where(l => l.UnitPrice is not null).ToDictionary(l => l.LineRef, l => l.UnitPrice!.Value, StringComparer.Ordinal) ?? [];
        var rows = products.Select((p, i) =>
        {
            var known = prices.TryGetValue((i + 1).ToString(CultureInfo.InvariantCulture), out var price);
            return (IReadOnlyList<string>)[
                Text(p.SupplierPartId), Text(p.Description), Text(p.UnitOfMeasure),
                known ? $"<input name=\"price-{Text(p.SupplierPartId)}\" value=\"{price.ToString(CultureInfo.InvariantCulture)}\" size=\"8\"> {Text(buyer.DefaultCurrency)}" : "<span class=\"bad\">not for this account</span>",
                $"<input id=\"qty-{Text(p.SupplierPartId)}\" name=\"qty-{Text(p.SupplierPartId)}\" value=\"0\" size=\"4\" inputmode=\"decimal\">",
            ];
        });
        var body = $"""
            <p>Shopping for <strong>{Text(buyer.Name)}</strong> (account {Text(buyer.ErpAccount)}), session {Text(session.Id)}, {Text(session.Protocol)}. Prices are the ERP's.</p>
            {(search.Products is null ? "<p class=\"bad\">The catalog cannot answer right now.</p>" : string.Empty)}
            {(problems.Count == 0 ? string.Empty : $"<div id=\"problems\" class=\"bad\" role=\"alert\"><p>The cart was not accepted:</p><ul>{string.Concat(problems.Select(p => $"<li>{Text(p)}</li>"))}</ul></div>")}
            <form method="get" action="/sandbox/storefront"><input type="hidden" name="punchout_session" value="{Text(session.Id)}">
            <p><label>Search <input name="q" value="{Text(query)}"></label> <button type="submit">Search</button></p></form>
            <form method="post" action="/sandbox/storefront/cart">
            <input type="hidden" name="session" value="{Text(session.Id)}">
            {Table(["part", "description", "unit", "price", "quantity"], rows, "catalog", "No item matches.")}
            <p><button id="return-cart" type="submit" name="action" value="cart">Return the cart to {Text(buyer.Name)}</button>
            <button id="cancel" type="submit" name="action" value="cancel">Leave without a cart</button></p>
            </form>
            """;
        return Html("Sandbox storefront", body);
    }

    // The form's lines as a storefront cart, handed back through the storefront API; its answer decides where the
    // browser goes: the one-time return page, or back to the catalog with every refusal listed.
    private static async Task<IResult> CartAsync(HttpContext http, IOptions<GatewayOptions> options, IPunchoutSessionStore sessions, BuyerDirectory buyers, IProductCatalog catalog, IErpClient erp, ITesterRunStore runs, Loopback loopback, TimeProvider clock, CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        if (!options.Value.Console.Sandbox)
        {
            return Results.NotFound();
        }

        if (await SessionAsync(form["session"].ToString(), sessions, buyers, options, cancellationToken) is not var (session, buyer))
        {
            return Html("No such punchout session", "<p>The session has ended or never existed.</p>", StatusCodes.Status404NotFound);
        }

        if (options.Value.Storefront.ApiKeys.FirstOrDefault() is not { } key)
        {
            return Html("The sandbox needs a storefront key", "<p>Set <code>Storefront:ApiKeys</code>: the sandbox hands carts back through the storefront API.</p>", StatusCodes.Status503ServiceUnavailable);
        }

        var cancel = form["action"] == "cancel";
        var lines = form.Where(f => f.Key.StartsWith("qty-", StringComparison.Ordinal))
            .Select(f => (Part: f.Key[4..], Quantity: decimal.TryParse(f.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var q) ? q : -1m, Price: decimal.TryParse(form[$"price-{f.Key[4..]}"], NumberStyles.Number, CultureInfo.InvariantCulture, out var p) ? p : 0m))
            .Where(l => l.Quantity != 0)
            .Select(l => new { supplierPartId = l.Part, quantity = l.Quantity, unitPrice = l.Price, unitOfMeasure = "EA", description = (string?)null })
            .ToList();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var at = clock.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sessions/{Uri.EscapeDataString(session.Id)}/{(cancel ? "cancel" : "cart")}")
        {
            Content = cancel ? null : JsonContent.Create(new { currency = buyer.DefaultCurrency, lines }, options: GatewayJson.Options),
        };
        request.Headers.Add("X-Api-Key", key);
        using var response = await loopback.SendAsync(request, http.Request.Host, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonNode? answer;
        try
        {
            answer = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            answer = null;
        }

        var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var problems = response.IsSuccessStatusCode ? [] : Problems(answer);
        if (await runs.FindBySessionAsync(session.Id, cancellationToken) is { } run)
        {
            var step = new TesterStep(cancel ? "Storefront cancelled" : "Storefront returned the cart", at, took, $"HTTP {(int)response.StatusCode}", response.IsSuccessStatusCode ? $"{lines.Count} line(s)" : string.Join("; ", problems));
            await runs.SaveAsync(run.With(step) with { Refusals = problems }, cancellationToken);
        }

        if (response.IsSuccessStatusCode && (string?)answer?["returnUrl"] is { } returnUrl)
        {
            return Results.Redirect(returnUrl);
        }

        return await CatalogPageAsync(session, buyer, string.Empty, problems, catalog, erp, cancellationToken);
    }

    // One line per refused line or problem, as the storefront API words them.
    private static List<string> Problems(JsonNode? problem)
    {
        if (problem?["errors"] is JsonArray errors)
        {
            return [.. errors.Select(e => $"line {e?["line"]}: {e?["code"]}: {e?["message"]}")];
        }

        return [$"{(string?)problem?["code"] ?? "error"}: {(string?)problem?["detail"] ?? (string?)problem?["title"] ?? "the storefront API refused the cart"}"];
    }
}
