using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Punchout.Gateway.Redis;
using Punchout.Validation.Erp;

namespace Punchout.Gateway.Erp;

/// <summary>The ERP over HTTP JSON (docs/erp-contract.md); timeouts, retries and the circuit breaker wrap every call.</summary>
/// <remarks>A 4xx answer is a refusal (permanent); a 5xx, a timeout, a refused connection or an open circuit is
/// unavailability (transient), reported once the resilience pipeline's retries are spent.</remarks>
public sealed class HttpErpClient(HttpClient http) : IErpClient
{
    /// <summary>The header carrying the order's stable idempotency key.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <inheritdoc />
    public Task<ErpOutcome<PriceQuote>> QuotePricesAsync(PriceQuoteRequest request, CancellationToken cancellationToken) =>
        SendAsync<PriceQuote>(Post("prices/quote", request), cancellationToken);

    /// <inheritdoc />
    public async Task<ErpOutcome<ErpOrderAccepted>> SubmitOrderAsync(ErpOrder order, string idempotencyKey, CancellationToken cancellationToken)
    {
        var message = Post("orders", order);
        message.Headers.Add(IdempotencyKeyHeader, idempotencyKey);
        var outcome = await SendAsync<ErpOrderAnswer>(message, cancellationToken).ConfigureAwait(false);
        return outcome.Value is { } answer
            ? ErpOutcome.Success(new ErpOrderAccepted(answer.ErpOrderId ?? string.Empty, answer.Status == HttpStatusCode.OK))
            : ErpOutcome.Failed<ErpOrderAccepted>(outcome.Failure!.Kind, outcome.Failure.Reason, outcome.Failure.HttpStatus);
    }

    /// <inheritdoc />
    public async Task<ErpOutcome<CreditDecision>> CheckCreditAsync(CreditCheckRequest request, CancellationToken cancellationToken)
    {
        var outcome = await SendAsync<CreditAnswer>(Post("credit/check", request), cancellationToken).ConfigureAwait(false);
        if (outcome.Value is not { } answer)
        {
            return ErpOutcome.Failed<CreditDecision>(outcome.Failure!.Kind, outcome.Failure.Reason, outcome.Failure.HttpStatus);
        }

        // A status this version does not know (or none) is not read as ok: the gateway fails closed.
        CreditStatus? status = answer.Status switch
        {
            "ok" => CreditStatus.Ok,
            "hold" => CreditStatus.Hold,
            "over-limit" => CreditStatus.OverLimit,
            _ => null,
        };
        return status is { } known
            ? ErpOutcome.Success(new CreditDecision(answer.Account ?? request.Account, known, answer.Available, answer.Reason))
            : ErpOutcome.Failed<CreditDecision>(ErpFailureKind.Unavailable, $"The ERP answered the credit check with an unknown status '{answer.Status}'.", 200);
    }

    // The body is sent with a Content-Length, not chunked: some ERP middleware reads only the former.
    private static HttpRequestMessage Post<T>(string path, T body)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, GatewayJson.Options));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
    }

    private async Task<ErpOutcome<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            using (request)
            using (var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false))
            {
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    var value = await response.Content.ReadFromJsonAsync<T>(GatewayJson.Options, cancellationToken).ConfigureAwait(false);
                    if (value is ErpOrderAnswer answer)
                    {
                        value = (T)(object)(answer with { Status = response.StatusCode });
                    }

                    return value is null
                        ? ErpOutcome.Failed<T>(ErpFailureKind.Unavailable, $"The ERP answered {status} with an empty body.", status)
                        : ErpOutcome.Success(value);
                }

                var reason = await ReasonAsync(response, cancellationToken).ConfigureAwait(false);
                return status is >= 400 and < 500 and not 408 and not 429
                    ? ErpOutcome.Failed<T>(ErpFailureKind.Rejected, reason, status)
                    : ErpOutcome.Failed<T>(ErpFailureKind.Unavailable, reason, status);
            }
        }
        catch (JsonException ex)
        {
            return ErpOutcome.Failed<T>(ErpFailureKind.Unavailable, $"The ERP's answer is not the JSON of the contract: {ex.Message}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
                                   || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ErpOutcome.Failed<T>(ErpFailureKind.Unavailable, ex switch
            {
                BrokenCircuitException => "The ERP circuit is open after repeated failures.",
                TimeoutRejectedException or TaskCanceledException => "The ERP did not answer in time.",
                _ => $"The ERP could not be reached: {ex.Message}",
            });
        }
    }

    private static async Task<string> ReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String)
            {
                return $"{reason.GetString()} (HTTP {(int)response.StatusCode})";
            }
        }
        catch (JsonException)
        {
            // Not JSON: an HTML error page or a proxy's text; the first part is enough.
        }

        var excerpt = text.Length > 200 ? text[..200] + "…" : text;
        return string.IsNullOrWhiteSpace(excerpt) ? $"HTTP {(int)response.StatusCode}" : $"HTTP {(int)response.StatusCode}: {excerpt}";
    }

    private sealed record CreditAnswer(string? Account, string? Status, decimal? Available, string? Reason);

    private sealed record ErpOrderAnswer(string? ErpOrderId, HttpStatusCode Status = HttpStatusCode.Created);
}
