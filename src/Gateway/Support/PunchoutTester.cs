using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Cxml;
using Punchout.Gateway.Observability;
using Punchout.Gateway.Orders;
using Punchout.Gateway.PunchOut;
using Punchout.Gateway.Sessions;
using Punchout.Protocols.Credentials;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Orders;
using Punchout.Protocols.Cxml.PunchOut;
using Punchout.Protocols.Oci;
using static Punchout.Gateway.Support.ConsolePage;

namespace Punchout.Gateway.Support;

/// <summary>The console's punchout tester: it plays a configured buyer's procurement system against this gateway, over
/// HTTP as the real one would (a cXML PunchOutSetupRequest or an OCI call-up), receives the cart the storefront hands
/// back, shows what the procurement system would see, and sends it back as a test OrderRequest to follow to the ERP.
/// Each step is timed.</summary>
/// <remarks>The cart comes back to <c>/console/tester/{run}/received</c>, on the gateway itself, which every buyer's
/// return rules allow. Documents are sent in test mode (<c>deploymentMode="test"</c>), so the ERP receives
/// <c>"test": true</c> and must not fulfil them. A buyer configured with only a hash of its SharedSecret (or OCI
/// password) can be tested by typing the secret; it is used once and never stored or shown.</remarks>
public static class PunchoutTester
{
    private const string UserAgent = "Punchout console tester";

    /// <summary>Maps the tester's pages under <c>/console/tester</c>, behind the console's sign-in.</summary>
    public static IEndpointRouteBuilder MapPunchoutTester(this IEndpointRouteBuilder routes)
    {
        var tester = routes.MapGroup("/console/tester").AddEndpointFilter(new ConsoleAuthFilter());
        tester.MapGet("/", (BuyerDirectory buyers, string? problem) => Page("Punchout tester", StartForm(buyers, problem)));
        tester.MapPost("/", StartAsync);
        tester.MapGet("/{id}", RunAsync);
        tester.MapPost("/{id}/received", ReceivedAsync);
        tester.MapPost("/{id}/order", OrderAsync);
        return routes;
    }

    private static IResult Page(string title, string body, int status = StatusCodes.Status200OK, string? head = null) =>
        Results.Content(head is null ? Layout(title, body) : Layout(title, body).Replace("</head>", head + "\n</head>", StringComparison.Ordinal), "text/html; charset=utf-8", statusCode: status);

    private static string StartForm(BuyerDirectory buyers, string? problem)
    {
        var options = string.Concat(buyers.All.SelectMany(b => new[] { (b, "cxml", b.Credentials.Count > 0), (b, "oci", b.Oci is not null) })
            .Where(x => x.Item3)
            .Select(x => $"<option value=\"{Text(x.b.Id)}|{x.Item2}\">{Text(x.b.Name)} ({Text(x.b.Id)}), {(x.Item2 == "cxml" ? "cXML PunchOutSetupRequest" : "OCI call-up")}</option>"));
        return $"""
            {(problem is null ? string.Empty : $"<p class=\"bad\" role=\"alert\">{Text(problem)}</p>")}
            <p>Start a punchout as the buyer's procurement system would, shop, hand the cart back, see what the procurement
            system receives, then send it as a test OrderRequest and follow it to the ERP. Documents are sent in test mode.</p>
            <form method="post" action="/console/tester">
            <p><label>Buyer <select id="buyer" name="buyer">{options}</select></label></p>
            <p><label>SharedSecret or OCI password, only for a buyer configured with its hash <input type="password" name="secret" autocomplete="off"></label></p>
            <p><button id="start" type="submit">Start the punchout</button></p>
            </form>
            """;
    }

    private static async Task<IResult> StartAsync(HttpContext http, BuyerDirectory buyers, ITesterRunStore runs, Loopback loopback, PublicUrls urls, PayloadIdFactory payloadIds, IRandomSource random, TimeProvider clock, ILogger<TesterRun> logger, CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var choice = form["buyer"].ToString().Split('|');
        if (choice.Length != 2 || buyers.Find(choice[0]) is not { } buyer || choice[1] is not ("cxml" or "oci"))
        {
            return Results.Redirect("/console/tester?problem=" + Uri.EscapeDataString("Pick a buyer from the list."));
        }

        var typed = form["secret"].ToString();
        var run = new TesterRun { Id = SessionTokens.NewSessionId(random)[..20], BuyerId = buyer.Id, Protocol = choice[1] };
        var started = Stopwatch.GetTimestamp();
        var at = clock.GetUtcNow();
        using var request = choice[1] == "cxml"
            ? SetupRequest(buyer, run, typed, urls, payloadIds, at)
            : CallUp(buyer, run, typed, urls);
        if (request is null)
        {
            return Results.Redirect("/console/tester?problem=" + Uri.EscapeDataString($"Buyer {buyer.Id} is configured with a hash of its secret only: type the secret to test it."));
        }

        using var response = await loopback.SendAsync(request, http.Request.Host, cancellationToken);
        var took = Stopwatch.GetElapsedTime(started);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (choice[1] == "cxml")
        {
            var read = CxmlReader.Read(Encoding.UTF8.GetBytes(body));
            var answer = read.Document?.Body as CxmlResponse;
            var start = (answer?.Payload as PunchOutSetupResponse)?.StartPageUrl;
            run = run.With(new TesterStep("PunchOutSetupRequest sent", at, took, answer is null ? $"HTTP {(int)response.StatusCode}" : $"{answer.Status.Code} {answer.Status.Text}", start ?? answer?.Status.Detail)) with { StartUrl = start };
        }
        else
        {
            var location = response.Headers.Location?.ToString();
            run = run.With(new TesterStep("OCI call-up sent", at, took, $"HTTP {(int)response.StatusCode}", location ?? PlainText(body))) with { StartUrl = location };
        }

        if (run.StartUrl is { } startUrl && SessionTokens.TryParse(startUrl.Split('/')[^1], out var sessionId))
        {
            run = run with { SessionId = sessionId };
        }

        await runs.SaveAsync(run, cancellationToken);
        logger.TesterStep(run.Id, buyer.Id, run.Protocol, run.Steps[^1].Name, run.Steps[^1].Outcome);
        return Results.Redirect($"/console/tester/{run.Id}");
    }

    // The buyer's PunchOutSetupRequest, with its own credentials and secret; null when the secret is not at hand.
    private static HttpRequestMessage? SetupRequest(Buyer buyer, TesterRun run, string typed, PublicUrls urls, PayloadIdFactory payloadIds, DateTimeOffset now)
    {
        var secret = typed.Length > 0 ? new SharedSecret(typed) : buyer.MacKey;
        if (secret is null)
        {
            return null;
        }

        return Post(Envelope(buyer, secret, payloadIds, now, TestSetup(run.Id, urls.TesterReturn(run.Id))));
    }

    /// <summary>The PunchOutSetupRequest of run <paramref name="runId"/>: its BuyerCookie is the run, its cart comes back
    /// to <paramref name="returnUrl"/>.</summary>
    internal static PunchOutSetupRequest TestSetup(string runId, string returnUrl) => new()
    {
        Operation = PunchOutOperation.Create,
        BuyerCookie = runId,
        BrowserFormPostUrl = returnUrl,
        Extrinsics = [new Extrinsic("UserEmail", "console-tester@punchout.invalid"), new Extrinsic("UniqueName", "console-tester")],
    };

    // A test-mode document from the buyer, signed in with its first credential and the SharedSecret.
    internal static CxmlEnvelope Envelope(Buyer buyer, SharedSecret secret, PayloadIdFactory payloadIds, DateTimeOffset now, CxmlRequestPayload payload)
    {
        var credential = buyer.Credentials[0];
        return new CxmlEnvelope
        {
            PayloadId = payloadIds.Next(),
            Timestamp = now,
            Lang = "en-US",
            Header = new CxmlHeader(
                [new Credential(credential.Domain, credential.Identity)],
                [new Credential("NetworkID", "punchout-gateway")],
                new CxmlSender([new Credential(credential.Domain, credential.Identity, secret)], UserAgent)),
            Body = new CxmlRequest(payload, DeploymentMode.Test),
        };
    }

    private static HttpRequestMessage Post(CxmlEnvelope document) =>
        new(HttpMethod.Post, "/cxml") { Content = new ByteArrayContent(CxmlWriter.ToBytes(document)) { Headers = { { "Content-Type", "text/xml; charset=utf-8" } } } };

    // The buyer's OCI call-up, under its parameter names; null when the password is not at hand.
    private static HttpRequestMessage? CallUp(Buyer buyer, TesterRun run, string typed, PublicUrls urls)
    {
        var oci = buyer.Oci!;
        var password = typed.Length > 0 ? typed : oci.PasswordText?.Reveal();
        if (password is null)
        {
            return null;
        }

        var fields = new Dictionary<string, string>
        {
            [oci.Names.Username] = oci.Username,
            [oci.Names.Password] = password,
            [oci.Names.HookUrl] = urls.TesterReturn(run.Id),
            ["OCI_VERSION"] = "5.0",
            ["returntarget"] = "_top",
        };
        return new HttpRequestMessage(HttpMethod.Post, $"/oci/{Uri.EscapeDataString(buyer.Id)}") { Content = new FormUrlEncodedContent(fields) };
    }

    private static async Task<IResult> RunAsync(string id, ITesterRunStore runs, IOrderStore orders, BuyerDirectory buyers, CancellationToken cancellationToken)
    {
        if (await runs.GetAsync(id, cancellationToken) is not { } run)
        {
            return Page("No such tester run", $"<p>Run {Text(id)} does not exist or is older than a day. {Link("/console/tester", "Start a new one")}.</p>", StatusCodes.Status404NotFound);
        }

        var order = run.GatewayOrderId is { } orderId ? await orders.GetAsync(orderId, cancellationToken) : null;
        var steps = run.Steps.Select(s => (IReadOnlyList<string>)[Text(s.Name), Time(s.At), Duration(s.Took), Text(s.Outcome), Text(s.Detail)]);
        var next = new StringBuilder();
        if (run.StartUrl is { } start && run.ReceivedLines.Count == 0 && run.ReceivedFields.Count == 0)
        {
            next.Append(CultureInfo.InvariantCulture, $"<p>{Link(start, "Open the storefront")} as the buyer's user would (the link works once).</p>");
        }

        if (run.Refusals.Count > 0)
        {
            next.Append("<h2>The last cart was refused</h2><ul id=\"refusals\">").AppendJoin(string.Empty, run.Refusals.Select(r => $"<li>{Text(r)}</li>")).Append("</ul>");
        }

        if (run.ReceivedLines.Count > 0 || run.ReceivedFields.Count > 0)
        {
            next.Append("<h2>What the procurement system received</h2>");
            next.Append(Table(["line", "part", "quantity", "unit", "unit price", "description"], run.ReceivedLines.Select(l => (IReadOnlyList<string>)[Text(l.Line), Text(l.SupplierPartId), Text(l.Quantity), Text(l.UnitOfMeasure), Text(l.UnitPrice), Text(l.Description)]), "received", "The cart was empty: the user cancelled."));
            next.Append(CultureInfo.InvariantCulture, $"<p id=\"received-total\">Total: {Text(run.ReceivedTotal)}</p>");
            if (run.ReceivedDocument is { } document)
            {
                next.Append(CultureInfo.InvariantCulture, $"<details><summary>The PunchOutOrderMessage</summary><pre id=\"document\">{Text(document)}</pre></details>");
            }
            else
            {
                next.Append("<details><summary>The form fields</summary>").Append(Table(["field", "value"], run.ReceivedFields.Select(f => (IReadOnlyList<string>)[Text(f.Key), Text(f.Value)]), "fields")).Append("</details>");
            }

            if (run.ReceivedDocument is not null && run.ReceivedLines.Count > 0 && order is null && buyers.Find(run.BuyerId) is { Credentials.Count: > 0 })
            {
                next.Append(Button($"/console/tester/{run.Id}/order", "Send it as an OrderRequest"));
            }
        }

        var following = order is not null && order.State is OrderState.Received or OrderState.Forwarding;
        if (order is not null)
        {
            next.Append(CultureInfo.InvariantCulture, $"<h2>The order</h2><p id=\"order-state\">Order {Link($"/console/orders/{order.Id}", order.OrderId)} is <strong>{Text(OrderStates.Name(order.State))}</strong>{(order.ErpOrderId is { } erpId ? $", the ERP's order {Text(erpId)}" : string.Empty)}{(order.DeadLetterReason is { } reason ? $": {Text(reason)}" : string.Empty)}{(order.State == OrderState.Forwarded && order.Attempts.Count > 0 ? $", {Duration(order.Attempts[^1].At - order.ReceivedAt)} after the gateway accepted it" : string.Empty)}.</p>");
            next.Append(Table(["at", "outcome", "detail"], order.Attempts.Select(a => (IReadOnlyList<string>)[Time(a.At), Text(a.Outcome), Text(a.Detail)]), "order-attempts", "Not tried yet: the page refreshes until the ERP has it."));
        }

        var body = $"""
            <p>Buyer {Text(run.BuyerId)}, {(run.Protocol == "cxml" ? "cXML" : "OCI")}.</p>
            {Table(["step", "at", "took", "outcome", "detail"], steps, "steps")}
            {next}
            <p>{Link("/console/tester", "Start another run")}</p>
            """;
        return Page($"Tester run {run.Id}", body, head: following ? "<meta http-equiv=\"refresh\" content=\"1\">" : null);
    }

    // The return page posted the cart here: read it as the procurement system would, and show it.
    private static async Task<IResult> ReceivedAsync(string id, HttpContext http, ITesterRunStore runs, BuyerDirectory buyers, TimeProvider clock, ILogger<TesterRun> logger, CancellationToken cancellationToken)
    {
        if (await runs.GetAsync(id, cancellationToken) is not { } run || buyers.Find(run.BuyerId) is not { } buyer)
        {
            return Page("No such tester run", $"<p>Run {Text(id)} does not exist or is older than a day.</p>", StatusCodes.Status404NotFound);
        }

        var form = await http.Request.ReadFormAsync(cancellationToken);
        var at = clock.GetUtcNow();
        var fields = form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? string.Empty))).ToList();
        if (run.Protocol == "cxml")
        {
            var value = form[buyer.CartField].ToString();
            var decoded = new byte[value.Length];
            var bytes = buyer.CartField != CartFieldName.Base64 ? Encoding.UTF8.GetBytes(value)
                : Convert.TryFromBase64String(value, decoded, out var length) ? decoded[..length] : [];
            var read = CxmlReader.Read(bytes);
            var message = (read.Document?.Body as CxmlMessage)?.Payload as PunchOutOrderMessage;
            run = run.With(new TesterStep("PunchOutOrderMessage received", at, TimeSpan.Zero, message is null ? $"unreadable: {read.Error}" : $"{message.Items.Count} line(s)", message?.BuyerCookie == run.Id ? "BuyerCookie matches" : "BuyerCookie does not match"))
                with
                {
                    ReceivedDocument = Encoding.UTF8.GetString(bytes),
                    ReceivedFields = fields,
                    ReceivedLines = message is null ? [] : [.. message.Items.Select((item, i) => new TesterLine(
                        (item.LineNumber ?? i + 1).ToString(CultureInfo.InvariantCulture), item.ItemId.SupplierPartId, item.Quantity.ToString(CultureInfo.InvariantCulture),
                        item.ItemDetail.UnitOfMeasure, Money(item.ItemDetail.UnitPrice.Amount, item.ItemDetail.UnitPrice.Currency), item.ItemDetail.Descriptions.FirstOrDefault()?.Text ?? string.Empty))],
                    ReceivedTotal = message is null ? null : Money(message.Total.Amount, message.Total.Currency),
                };
        }
        else
        {
            var items = OciForm.Read(fields).Items;
            run = run.With(new TesterStep("OCI form received", at, TimeSpan.Zero, $"{items.Count} item(s)", $"{fields.Count} field(s)"))
                with
                {
                    ReceivedFields = fields,
                    ReceivedLines = [.. items.Select((item, i) => new TesterLine((i + 1).ToString(CultureInfo.InvariantCulture), item.ExtProductId ?? item.VendorMat ?? string.Empty, item.Quantity.ToString(CultureInfo.InvariantCulture), item.Unit ?? string.Empty, item.Price is { } price ? Money(price, item.Currency ?? "?") : string.Empty, item.Description ?? string.Empty))],
                    ReceivedTotal = string.Join(" + ", items.GroupBy(item => item.Currency ?? "?").Select(g => Money(g.Sum(item => item.Quantity * (item.Price ?? 0) / (item.PriceUnit ?? 1)), g.Key))),
                };
        }

        await runs.SaveAsync(run, cancellationToken);
        logger.TesterStep(run.Id, run.BuyerId, run.Protocol, run.Steps[^1].Name, run.Steps[^1].Outcome);
        return Results.Redirect($"/console/tester/{run.Id}");
    }

    // The received cart as a test OrderRequest of the buyer, posted to /cxml as its procurement system would post it.
    private static async Task<IResult> OrderAsync(string id, HttpContext http, ITesterRunStore runs, BuyerDirectory buyers, Loopback loopback, PayloadIdFactory payloadIds, TimeProvider clock, ILogger<TesterRun> logger, CancellationToken cancellationToken)
    {
        if (await runs.GetAsync(id, cancellationToken) is not { ReceivedDocument: { } received } run || buyers.Find(run.BuyerId) is not { } buyer
            || (CxmlReader.Read(Encoding.UTF8.GetBytes(received)).Document?.Body as CxmlMessage)?.Payload is not PunchOutOrderMessage message
            || buyer.MacKey is null)
        {
            return Page("Nothing to order", "<p>This run has no cart to order, or the buyer's SharedSecret is configured as a hash only.</p>", StatusCodes.Status409Conflict);
        }

        var at = clock.GetUtcNow();
        var order = TestOrder(run.Id, message, at);
        var started = Stopwatch.GetTimestamp();
        using var request = Post(Envelope(buyer, buyer.MacKey!, payloadIds, at, order));
        using var response = await loopback.SendAsync(request, http.Request.Host, cancellationToken);
        var answer = CxmlReader.Read(await response.Content.ReadAsByteArrayAsync(cancellationToken)).Document?.Body as CxmlResponse;
        var gatewayId = answer is { Status.Code: 200 } && answer.Status.Detail?.Split(" as ") is [_, var tail] ? tail.TrimEnd('.') : null;
        run = run.With(new TesterStep("OrderRequest sent", at, Stopwatch.GetElapsedTime(started), answer is null ? $"HTTP {(int)response.StatusCode}" : $"{answer.Status.Code} {answer.Status.Text}", answer?.Status.Detail)) with { GatewayOrderId = gatewayId };
        await runs.SaveAsync(run, cancellationToken);
        logger.TesterStep(run.Id, run.BuyerId, run.Protocol, run.Steps[^1].Name, run.Steps[^1].Outcome);
        return Results.Redirect($"/console/tester/{run.Id}");
    }

    // An amount with at least its currency's minor unit (25.00 USD, 1200 JPY), never fewer decimals than it has.
    private static string Money(decimal amount, string currency)
    {
        var decimals = Math.Max(Punchout.Validation.Carts.CurrencyAmounts.MinorUnits(currency), amount.Scale);
        return $"{amount.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)} {currency}";
    }

    /// <summary>The test OrderRequest <c>TEST-{run}</c> of a received cart: its lines and total, a tester ship-to and
    /// bill-to.</summary>
    internal static OrderRequest TestOrder(string runId, PunchOutOrderMessage message, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(message);
        var address = new Address
        {
            Name = "Punchout console tester",
            AddressId = "TESTER",
            PostalAddress = new PostalAddress { Street = ["1 Test Street"], City = "Testville", PostalCode = "00000", IsoCountryCode = "US", Country = "United States" },
        };
        return new OrderRequest
        {
            Header = new OrderRequestHeader { OrderId = $"TEST-{runId}", OrderDate = at, Total = message.Total, ShipTo = address, BillTo = address, Comments = [new Comment($"Sent by the Punchout console tester, run {runId}.")] },
            Items = [.. message.Items.Select((item, i) => new OrderItemOut { LineNumber = item.LineNumber ?? i + 1, Quantity = item.Quantity, ItemId = item.ItemId, ItemDetail = item.ItemDetail })],
        };
    }

    // A refusal page's words, without its markup.
    private static string PlainText(string html) =>
        WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " ")).Trim() is { Length: > 0 } text
            ? string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            : "(no text)";
}
