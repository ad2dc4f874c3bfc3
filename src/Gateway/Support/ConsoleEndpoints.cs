using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Observability;
using Punchout.Gateway.Orders;
using Punchout.Gateway.Sessions;
using static Punchout.Gateway.Support.ConsolePage;

namespace Punchout.Gateway.Support;

/// <summary>The support console at <c>/console</c>: server-rendered pages over the same stores and rules as the API.</summary>
public static class ConsoleEndpoints
{
    private const string Html = "text/html; charset=utf-8";
    private const int ListLimit = 200;

    /// <summary>Maps the console's pages; every one but the sign-in page is behind <see cref="ConsoleAuthFilter"/>.</summary>
    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/console/login", (string? returnUrl, string? failed) => Page("Sign in", SignInForm(returnUrl, failed is not null), failed is not null ? StatusCodes.Status401Unauthorized : StatusCodes.Status200OK));
        routes.MapPost("/console/login", SignInAsync).DisableAntiforgery();
        routes.MapPost("/console/logout", (HttpContext http) =>
        {
            ConsoleAuth.SignOut(http);
            return Results.Redirect("/console/login", preserveMethod: false);
        });

        var console = routes.MapGroup("/console").AddEndpointFilter(new ConsoleAuthFilter());
        console.MapGet("/", OverviewAsync);
        console.MapGet("/orders", SearchAsync);
        console.MapGet("/orders/{id}", OrderAsync);
        console.MapPost("/orders/{id}/replay", ReplayAsync);
        console.MapGet("/dead-letters", DeadLettersAsync);
        console.MapGet("/sessions", SessionsAsync);
        return routes;
    }

    private static IResult Page(string title, string body, int status = StatusCodes.Status200OK, string? flash = null) =>
        Results.Content(Layout(title, body, flash), Html, statusCode: status);

    private static string SignInForm(string? returnUrl, bool failed) => $"""
        {(failed ? "<p class=\"bad\" role=\"alert\">That is not the admin key.</p>" : string.Empty)}
        <form method="post" action="/console/login">
        <input type="hidden" name="returnUrl" value="{Text(returnUrl)}">
        <p><label>Admin key <input id="key" type="password" name="key" autocomplete="current-password" required></label></p>
        <p><button id="sign-in" type="submit">Sign in</button></p>
        </form>
        """;

    private static async Task<IResult> SignInAsync(HttpContext http, ConsoleAuth auth)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        if (!auth.IsAdminKey(form["key"].ToString()))
        {
            auth.Refused(http);
            return Results.Redirect($"/console/login?failed=1&returnUrl={Uri.EscapeDataString(returnUrl)}");
        }

        auth.SignIn(http);

        // Only back into the console: a sign-in link must not send anyone elsewhere.
        return Results.Redirect(returnUrl.StartsWith("/console", StringComparison.Ordinal) && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/console");
    }

    // What happened today and in the last hour, across every instance, in business terms.
    private static readonly (string Counter, string Label)[] Activity =
    [
        ("punchout_sessions_started_total", "punchouts started"),
        ("punchout_carts_returned_total", "carts returned"),
        ("punchout_sessions_cancelled_total", "punchouts cancelled"),
        ("punchout_sessions_expired_total", "punchouts abandoned (expired)"),
        ("punchout_carts_refused_total", "cart lines refused"),
        ("punchout_carts_repriced_total", "cart lines repriced"),
        ("punchout_orders_received_total", "orders received"),
        ("punchout_orders_forwarded_total", "orders forwarded to the ERP"),
        ("punchout_orders_retried_total", "forwarding attempts the ERP could not take"),
        ("punchout_orders_forward_failed_total", "orders dead-lettered"),
        ("punchout_orders_credit_hold_total", "orders parked in credit-hold"),
        ("punchout_outbound_delivered_total", "confirmations and ship notices delivered"),
        ("punchout_outbound_failed_total", "confirmations and ship notices dead-lettered"),
        ("punchout_auth_failures_total", "documents refused for their credentials"),
    ];

    private static string ActivityTable(ActivitySummary summary)
    {
        var rows = Activity.Select(a => (a.Label, Count: summary.Total(a.Counter)))
            .Select(a => (IReadOnlyList<string>)[Text(a.Label), a.Count.Today.ToString(CultureInfo.InvariantCulture), a.Count.LastHour.ToString(CultureInfo.InvariantCulture)]);
        var reasons = summary.Counts.Where(c => c.Counter == "punchout_carts_refused_total" && c.Today > 0)
            .GroupBy(c => c.Labels.GetValueOrDefault("reason") ?? "other")
            .OrderByDescending(g => g.Sum(c => c.Today))
            .Select(g => (IReadOnlyList<string>)[Text(g.Key), g.Sum(c => c.Today).ToString(CultureInfo.InvariantCulture), g.Sum(c => c.LastHour).ToString(CultureInfo.InvariantCulture)]);
        return $"""
            {Table(["what", "today (UTC)", "last hour"], rows, "activity")}
            <h3>Cart refusals by reason</h3>
            {Table(["reason", "today (UTC)", "last hour"], reasons, "refusals", "No cart line was refused today.")}
            """;
    }

    private static async Task<IResult> OverviewAsync(IOrderStore orders, HealthCheckService health, IActivityCounts counts, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var activity = await counts.ReadAsync(now, cancellationToken);
        var forwarding = await orders.GetForwardingStatusAsync(cancellationToken);
        var states = new List<IReadOnlyList<string>>();
        foreach (var state in OrderStates.All)
        {
            var count = (await orders.ListAsync(state, null, ListLimit, cancellationToken)).Count;
            var shown = count >= ListLimit ? $"{ListLimit}+" : count.ToString(CultureInfo.InvariantCulture);
            states.Add([Text(OrderStates.Name(state)), $"<span id=\"orders-{OrderStates.Name(state)}\">{shown}</span>"]);
        }

        var report = await health.CheckHealthAsync(cancellationToken);
        var checks = report.Entries.Select(e => (IReadOnlyList<string>)[Text(e.Key), $"<span class=\"{(e.Value.Status == HealthStatus.Healthy ? "ok" : e.Value.Status == HealthStatus.Degraded ? "warn" : "bad")}\">{Text(e.Value.Status.ToString())}</span>", Text(e.Value.Description)]);
        var queue = forwarding.Buyers.Select(b => (IReadOnlyList<string>)[
            Link($"/console/sessions?buyer={Uri.EscapeDataString(b.BuyerId)}", b.BuyerId),
            b.Depth.ToString(CultureInfo.InvariantCulture),
            b.OldestReceivedAt is { } at ? Duration(now - at) : "–",
            forwarding.IsPaused(b.BuyerId) ? "<span class=\"warn\">paused</span>" : "forwarding"]);
        var body = $"""
            <h2>Today and the last hour</h2>
            {ActivityTable(activity)}
            <h2>Orders by state</h2>
            {Table(["state", "orders"], states, "orders-by-state")}
            <p>{Link("/console/dead-letters", "Dead letters and credit holds")}: what support must act on.</p>
            <h2>Forwarding queue</h2>
            <p id="queue-depth">{forwarding.Depth} unfinished order(s){(forwarding.OldestReceivedAt is { } oldest ? $", the oldest waiting {Duration(now - oldest)}" : string.Empty)}{(forwarding.PausedAll ? "; <strong class=\"warn\">forwarding is paused for every buyer</strong>" : string.Empty)}.</p>
            {Table(["buyer", "unfinished", "oldest waits", "forwarding"], queue, "queue", "The queue is empty.")}
            <h2>Health</h2>
            {Table(["check", "status", "what it says"], checks, "health")}
            """;
        return Page("Overview", body);
    }

    // Finds orders by the gateway id, the buyer's orderID (every version), or the payloadID of any version or resend.
    private static async Task<IResult> SearchAsync(string? q, IOrderStore orders, BuyerDirectory buyers, CancellationToken cancellationToken)
    {
        var query = q?.Trim() ?? string.Empty;
        var found = new List<OrderRecord>();
        if (query.Length is > 0 and <= 256)
        {
            if (query.Length <= 64 && await orders.GetAsync(query, cancellationToken) is { } byId)
            {
                found.Add(byId);
            }

            foreach (var buyer in buyers.All)
            {
                if (await orders.FindAsync(buyer.Id, query, string.Empty, cancellationToken) is { } byPayload && await orders.GetAsync(byPayload.GatewayOrderId, cancellationToken) is { } paid)
                {
                    found.Add(paid);
                }

                // The latest version of the orderID, and each version it changed, back to the first.
                var next = (await orders.FindLatestAsync(buyer.Id, query, cancellationToken))?.GatewayOrderId;
                for (var hops = 0; next is not null && hops < 50; hops++)
                {
                    var version = await orders.GetAsync(next, cancellationToken);
                    if (version is null)
                    {
                        break;
                    }

                    found.Add(version);
                    next = version.Changes;
                }
            }
        }

        var rows = found.DistinctBy(o => o.Id).OrderByDescending(o => o.ReceivedAt).Select(Row);
        var body = $"""
            <form method="get" action="/console/orders">
            <p><label>orderID, payloadID or gateway order id <input id="q" name="q" value="{Text(query)}" size="50" required></label>
            <button id="search" type="submit">Find</button></p>
            </form>
            {(query.Length == 0 ? string.Empty : Table(["gateway id", "buyer", "orderID", "type", "version", "state", "received", "ERP order"], rows, "found", $"No order matches '{query}'."))}
            """;
        return Page("Orders", body);
    }

    private static IReadOnlyList<string> Row(OrderRecord order) =>
    [
        Link($"/console/orders/{order.Id}", order.Id), Text(order.BuyerId), Text(order.OrderId), Text(order.Erp.Type),
        order.Erp.OrderVersion.ToString(CultureInfo.InvariantCulture), State(order.State), Time(order.ReceivedAt), Text(order.ErpOrderId),
    ];

    private static string State(OrderState state) =>
        $"<span class=\"{state switch { OrderState.Forwarded => "ok", OrderState.DeadLettered or OrderState.CreditHold => "bad", _ => "warn" }}\">{Text(OrderStates.Name(state))}</span>";

    private static async Task<IResult> OrderAsync(string id, string? flash, IOrderStore orders, CancellationToken cancellationToken)
    {
        if (id.Length > 64 || await orders.GetAsync(id, cancellationToken) is not { } order)
        {
            return Page("No such order", $"<p>No order has the id {Text(id)}. {Link("/console/orders", "Search by orderID or payloadID")}.</p>", StatusCodes.Status404NotFound);
        }

        var erp = order.Erp;
        var attempts = order.Attempts.Select(a => (IReadOnlyList<string>)[Time(a.At), Text(a.Outcome), Text(a.Detail)]);
        var lines = erp.Lines.Select(l => (IReadOnlyList<string>)[
            l.LineNumber.ToString(CultureInfo.InvariantCulture), Text(l.SupplierPartId), l.Quantity.ToString(CultureInfo.InvariantCulture), Text(l.UnitOfMeasure),
            l.UnitPrice?.ToString(CultureInfo.InvariantCulture) ?? "–", Text(l.Description)]);
        var replayable = order.State is OrderState.DeadLettered or OrderState.CreditHold;
        var what = order.State switch
        {
            OrderState.Received => "Queued: the worker forwards it when it is its turn (each buyer's orders go in the order they arrived).",
            OrderState.Forwarding => $"The ERP could not take it yet; it is tried again at {Time(order.NextAttemptAt)}, within the forwarding window.",
            OrderState.Forwarded => $"The ERP took it as {order.ErpOrderId}. Nothing to do.",
            OrderState.CreditHold => "Parked by the ERP's credit check. Once the account is cleared in the ERP, replay it.",
            _ => "It could not be forwarded. Fix the cause the reason names (in the ERP, or with the buyer), then replay it.",
        };
        var body = $"""
            <table id="order">
            <tr><th>gateway id</th><td>{Text(order.Id)}</td></tr>
            <tr><th>buyer</th><td>{Text(order.BuyerId)}</td></tr>
            <tr><th>orderID</th><td id="order-id">{Text(order.OrderId)}</td></tr>
            <tr><th>payloadID</th><td>{Text(order.PayloadId)}</td></tr>
            <tr><th>type, version</th><td>{Text(erp.Type)} {erp.OrderVersion}{(order.Changes is { } changed ? $", changes {Link($"/console/orders/{changed}", changed)}" : string.Empty)}</td></tr>
            <tr><th>state</th><td id="state">{State(order.State)}</td></tr>
            <tr><th>what next</th><td id="next">{Text(what)}</td></tr>
            <tr><th>received</th><td>{Time(order.ReceivedAt)}</td></tr>
            <tr><th>ERP order</th><td>{Text(order.ErpOrderId)}</td></tr>
            <tr><th>reason</th><td id="reason">{Text(order.DeadLetterReason)}</td></tr>
            <tr><th>flags</th><td>{Text(string.Join(", ", order.Flags))}</td></tr>
            <tr><th>total</th><td>{erp.Total.ToString(CultureInfo.InvariantCulture)} {Text(erp.Currency)}{(erp.Test ? " (test order)" : string.Empty)}</td></tr>
            </table>
            {(replayable ? Button($"/console/orders/{order.Id}/replay", "Replay") : string.Empty)}
            <h2>History</h2>
            {Table(["at", "outcome", "detail"], attempts, "attempts", "Not tried yet.")}
            <h2>Lines</h2>
            {Table(["line", "part", "quantity", "unit", "unit price", "description"], lines, "lines")}
            """;
        return Page($"Order {order.OrderId}", body, flash: flash);
    }

    private static async Task<IResult> ReplayAsync(string id, IOrderStore orders, GatewayMetrics metrics, TimeProvider clock, ILogger<OrderForwardingWorker> logger, CancellationToken cancellationToken)
    {
        if (id.Length > 64 || await orders.GetAsync(id, cancellationToken) is not { } order)
        {
            return Page("No such order", $"<p>No order has the id {Text(id)}.</p>", StatusCodes.Status404NotFound);
        }

        var outcome = await OrderReplay.TryAsync(order, orders, metrics, clock, logger, cancellationToken);
        var flash = outcome is null
            ? $"Order {order.OrderId} is queued again; it is forwarded when its turn comes."
            : $"Not replayed: order {order.OrderId} is {OrderStates.Name(outcome.Value)}.";
        return Results.Redirect($"/console/orders/{Uri.EscapeDataString(order.Id)}?flash={Uri.EscapeDataString(flash)}");
    }

    private static async Task<IResult> DeadLettersAsync(string? flash, IOrderStore orders, CancellationToken cancellationToken)
    {
        var parked = (await orders.ListAsync(OrderState.DeadLettered, null, ListLimit, cancellationToken))
            .Concat(await orders.ListAsync(OrderState.CreditHold, null, ListLimit, cancellationToken))
            .OrderByDescending(o => o.Attempts.Count > 0 ? o.Attempts[^1].At : o.ReceivedAt);
        var rows = parked.Select(o => (IReadOnlyList<string>)[
            Link($"/console/orders/{o.Id}", o.Id), Text(o.BuyerId), Text(o.OrderId), State(o.State), Text(o.DeadLetterReason),
            Time(o.Attempts.Count > 0 ? o.Attempts[^1].At : o.ReceivedAt), Button($"/console/orders/{o.Id}/replay", "Replay")]);
        return Page("Dead letters", Table(["gateway id", "buyer", "orderID", "state", "reason", "since", ""], rows, "dead-letters", "No dead letters: every order reached the ERP or is on its way."), flash: flash);
    }

    private static async Task<IResult> SessionsAsync(string? buyer, IPunchoutSessionStore sessions, BuyerDirectory buyers, TimeProvider clock, CancellationToken cancellationToken)
    {
        var picked = buyers.Find(buyer ?? string.Empty);
        var options = string.Concat(buyers.All.Select(b => $"<option value=\"{Text(b.Id)}\"{(b == picked ? " selected" : string.Empty)}>{Text(b.Name)} ({Text(b.Id)})</option>"));
        var list = picked is null ? [] : await sessions.ListAsync(picked.Id, ListLimit, cancellationToken);
        var rows = list.Select(s => (IReadOnlyList<string>)[
            Text(s.Id), Text(s.Protocol), Text(s.Operation), Text(s.State.ToString().ToLowerInvariant()), Time(s.CreatedAt),
            Text(s.User?.Name ?? s.User?.Email ?? s.User?.UniqueName), Text(s.SetupPayloadId)]);
        var body = $"""
            <form method="get" action="/console/sessions">
            <p><label>Buyer <select id="buyer" name="buyer">{options}</select></label> <button type="submit">Show</button></p>
            </form>
            {(picked is null ? "<p>Pick a buyer to see its punchout sessions of the last day.</p>" : Table(["session", "protocol", "operation", "state", "started", "user", "setup payloadID"], rows, "sessions", $"No session of {picked.Id} in the last day."))}
            """;
        return Page("Sessions", body);
    }
}
