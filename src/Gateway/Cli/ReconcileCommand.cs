using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Punchout.Gateway.Orders;
using Punchout.Gateway.Redis;
using Punchout.Gateway.Security;

namespace Punchout.Gateway.Cli;

/// <summary><c>reconcile --since DATE [--until DATE] [--buyer ID] [--to URL] [--key KEY] [--format text|json]</c>: asks a
/// running gateway which orders arrived in a period and where each is now, and prints every one not forwarded.</summary>
/// <remarks>The admin key comes from <c>--key</c> or <see cref="KeyVariable"/> and is never printed.</remarks>
public static class ReconcileCommand
{
    /// <summary>The environment variable the admin key is read from when <c>--key</c> is not given.</summary>
    public const string KeyVariable = "PUNCHOUT_ADMIN_KEY";

    /// <summary>The exit code when the gateway gave no report: no answer, the admin key refused, or an error answer.</summary>
    public const int NoReport = 4;

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    private static readonly string[] Columns = ["received", "forwarded", "forwarding", "queued", "dead-lettered", "credit-hold", "expired"];

    /// <summary>Runs the verb: exit code 0 when every order of the period is forwarded and the report is complete, 1
    /// otherwise, 2 on wrong usage (an unknown buyer among it), <see cref="NoReport"/> when the gateway gave no report.</summary>
    /// <param name="args">The arguments after the verb.</param>
    /// <param name="output">Where the report goes.</param>
    /// <param name="error">Where problems go.</param>
    /// <param name="handler">The HTTP handler; null for a plain one.</param>
    /// <param name="environment">Reads an environment variable; null for the process's.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, HttpMessageHandler? handler = null, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var (request, problem) = Read(args, environment ?? Environment.GetEnvironmentVariable);
        if (request is null)
        {
            await error.WriteLineAsync($"reconcile: {problem}\n\n{CommandLine.Usage}").ConfigureAwait(false);
            return 2;
        }

        // Redirects are not followed: the admin key goes to the gateway named, nowhere else.
        using var http = handler is null ? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) : new HttpClient(handler, disposeHandler: false);
        http.Timeout = TimeSpan.FromMinutes(5);
        using var message = new HttpRequestMessage(HttpMethod.Get, request.Uri);
        message.Headers.Add(ApiKeyFilter.Header, request.Key);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"reconcile: no answer from {request.Gateway}: {ex.Message}").ConfigureAwait(false);
            return NoReport;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return await RefusedAsync(response.StatusCode, body, request, error).ConfigureAwait(false);
            }

            if (Report(body) is not { } report)
            {
                await error.WriteLineAsync($"reconcile: {request.Gateway} answered {(int)response.StatusCode} without a reconciliation report: {Excerpt(body)}").ConfigureAwait(false);
                return NoReport;
            }

            await output.WriteAsync(request.Json ? Indented(body) : Text(report, request.Gateway)).ConfigureAwait(false);
            return report.Reconciled ? 0 : 1;
        }
    }

    /// <summary>The report as people read it: a table per buyer, every order not forwarded, and a verdict on the last line.</summary>
    internal static string Text(ReconciliationReport report, Uri gateway)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Orders received from {ReconciliationPeriod.Iso(report.Since)} until {ReconciliationPeriod.Iso(report.Until)}, ")
            .Append(CultureInfo.InvariantCulture, $"{(report.Buyer is null ? "every buyer" : $"buyer {report.Buyer}")}, at {gateway} as of {ReconciliationPeriod.Iso(report.GeneratedAt)}\n\n");

        var rows = report.Buyers.Select(b => (b.Buyer, b.Counts)).Append(("total", report.Totals)).ToList();
        var first = Math.Max("buyer".Length, rows.Max(r => r.Item1.Length));
        text.Append("buyer".PadRight(first)).AppendJoin(string.Empty, Columns.Select(c => $"  {c}")).Append('\n');
        foreach (var (buyer, counts) in rows)
        {
            int[] values = [counts.Received, counts.Forwarded, counts.Forwarding, counts.Queued, counts.DeadLettered, counts.CreditHold, counts.Expired];
            text.Append(buyer.PadRight(first)).AppendJoin(string.Empty, values.Select((v, i) => "  " + v.ToString(CultureInfo.InvariantCulture).PadLeft(Columns[i].Length))).Append('\n');
        }

        if (report.Differences.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nNot forwarded ({report.Differences.Count}):\n");
            foreach (var d in report.Differences)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {d.OrderId}  {d.State}  buyer {d.Buyer}  {d.Type} v{d.OrderVersion}  {d.Id}  received {ReconciliationPeriod.Iso(d.ReceivedAt)}\n")
                    .Append(CultureInfo.InvariantCulture, $"      reason: {d.Reason}\n");
                if (d.LastAttempt is { } last)
                {
                    text.Append(CultureInfo.InvariantCulture, $"      last attempt: {ReconciliationPeriod.Iso(last.At)} {last.Outcome}{(last.Detail is null ? string.Empty : $": {last.Detail}")}\n");
                }

                text.Append(CultureInfo.InvariantCulture, $"      payloadID: {d.PayloadId}\n");
            }
        }

        text.Append('\n');
        foreach (var why in report.Incomplete)
        {
            text.Append(CultureInfo.InvariantCulture, $"Incomplete: {why}\n");
        }

        var totals = report.Totals;
        text.Append(report.Reconciled
            ? totals.Received == 0 ? "Reconciled: no order was received in the period.\n" : $"Reconciled: all {totals.Received} order(s) received in the period were forwarded.\n"
            : string.Create(CultureInfo.InvariantCulture, $"Not reconciled: {totals.Forwarded} of {totals.Received} order(s) received in the period forwarded, {report.Differences.Count} not forwarded")
                + (totals.Expired > 0 ? string.Create(CultureInfo.InvariantCulture, $", {totals.Expired} expired (outcome unknown)") : string.Empty)
                + (report.Complete ? "." : "; the report is incomplete.") + "\n");
        return text.ToString();
    }

    // The request the arguments ask for, or what is wrong with them.
    private static (Request? Request, string? Problem) Read(string[] args, Func<string, string?> environment)
    {
        string? since = null, until = null, buyer = null, key = null, format = "text";
        var to = OciReplay.Root(new Uri(ReplayCommand.DefaultTarget)).ToString();
        for (var i = 0; i < args.Length; i++)
        {
            var option = args[i];
            if (option is not ("--since" or "--until" or "--buyer" or "--to" or "--key" or "--format"))
            {
                return (null, option.StartsWith('-') ? $"unknown option {option}." : $"unexpected argument '{option}'.");
            }

            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                return (null, $"{option} needs a value.");
            }

            var value = args[++i];
            switch (option)
            {
                case "--since":
                    since = value;
                    break;
                case "--until":
                    until = value;
                    break;
                case "--buyer":
                    buyer = value;
                    break;
                case "--to":
                    to = value;
                    break;
                case "--key":
                    key = value;
                    break;
                default:
                    format = value;
                    break;
            }
        }

        var (period, _, problem) = ReconciliationPeriod.Read(since, until, DateTimeOffset.UtcNow, "--since", "--until");
        if (period is null)
        {
            return (null, problem);
        }

        if (format is not ("text" or "json"))
        {
            return (null, $"--format is text or json, not '{format}'.");
        }

        if (!Uri.TryCreate(to, UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https"))
        {
            return (null, $"--to must be the gateway's absolute http(s) URL, not '{to}'.");
        }

        key ??= environment(KeyVariable);
        if (string.IsNullOrWhiteSpace(key))
        {
            return (null, $"the admin key (Admin:ApiKey) is needed: set {KeyVariable}, or give --key.");
        }

        var gateway = OciReplay.Root(target);
        var query = $"since={Uri.EscapeDataString(Instant(period.Since))}"
            + (until is null ? string.Empty : $"&until={Uri.EscapeDataString(Instant(period.Until))}")
            + (string.IsNullOrWhiteSpace(buyer) ? string.Empty : $"&buyer={Uri.EscapeDataString(buyer.Trim())}");
        return (new Request(gateway, new Uri(gateway, $"api/v1/reconcile?{query}"), key, format == "json"), null);
    }

    // The report in a 2xx answer; null when the answer is not one (a proxy's page, another service).
    private static ReconciliationReport? Report(string body)
    {
        try
        {
            var report = JsonSerializer.Deserialize<ReconciliationReport>(body, GatewayJson.Options);
            return report is { Totals: not null, Buyers: not null, Differences: not null, Incomplete: not null } ? report : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // What a refusal means for the caller: wrong usage when the gateway refused the question, no report otherwise.
    private static async Task<int> RefusedAsync(HttpStatusCode status, string body, Request request, TextWriter error)
    {
        var (code, detail) = Problem(body);
        var (exit, message) = status switch
        {
            HttpStatusCode.Unauthorized => (NoReport, $"the gateway at {request.Gateway} refused the admin key ({detail ?? "401"}); give the key of its Admin:ApiKey with {KeyVariable} or --key."),
            HttpStatusCode.BadRequest or HttpStatusCode.NotFound when code is "invalid-since" or "invalid-until" or "invalid-period" or "unknown-buyer" => (2, detail ?? code!),
            HttpStatusCode.NotFound => (NoReport, $"{request.Gateway} has no reconciliation API (HTTP 404): is it a Punchout gateway of this version?"),
            _ => (NoReport, $"the gateway at {request.Gateway} answered HTTP {(int)status}: {detail ?? Excerpt(body)}"),
        };
        await error.WriteLineAsync($"reconcile: {message}").ConfigureAwait(false);
        return exit;
    }

    // The code and detail of a problem+json answer, when it is one.
    private static (string? Code, string? Detail) Problem(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind != JsonValueKind.Object ? (null, null) : (Text(root, "code"), Text(root, "detail"));
        }
        catch (JsonException)
        {
            return (null, null);
        }

        static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private static string Instant(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static string Excerpt(string body) => body.Length <= 300 ? body : body[..300];

    private static string Indented(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement, IndentedJson) + "\n";
    }

    private sealed record Request(Uri Gateway, Uri Uri, string Key, bool Json);
}
