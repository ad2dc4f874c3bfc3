using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Punchout.Gateway.Observability;
using Punchout.Gateway.Redis;
using Punchout.Validation.Erp;

namespace Punchout.Gateway.Erp;

/// <summary>The ERP over HTTP JSON (docs/erp-contract.md); timeouts, retries and the circuit breaker wrap every call.</summary>
/// <remarks>A 4xx answer is a refusal (permanent); a 5xx, a timeout, a refused connection or an open circuit is
/// unavailability (transient), reported once the resilience pipeline's retries are spent. Each call is measured once,
/// retries included: its latency by operation and outcome, and the kind of error it ended with
/// (<see cref="GatewayMetrics.ErpCalled"/>). A call its caller gave up on is not measured.</remarks>
/// <param name="http">The typed client, behind the ERP's resilience pipeline.</param>
/// <param name="metrics">Where calls are measured; none when null.</param>
/// <param name="clock">What measures them; the system clock when null.</param>
public sealed class HttpErpClient(HttpClient http, GatewayMetrics? metrics = null, TimeProvider? clock = null) : IErpClient
{
    private readonly TimeProvider time = clock ?? TimeProvider.System;

    /// <summary>The header carrying the order's stable idempotency key.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <inheritdoc />
    public Task<ErpOutcome<PriceQuote>> QuotePricesAsync(PriceQuoteRequest request, CancellationToken cancellationToken) =>
        SendAsync<PriceQuote>(ErpOperations.Quote, Post("prices/quote", request), cancellationToken);

    /// <inheritdoc />
    public async Task<ErpOutcome<ErpOrderAccepted>> SubmitOrderAsync(ErpOrder order, string idempotencyKey, CancellationToken cancellationToken)
    {
        var message = Post("orders", order);
        message.Headers.Add(IdempotencyKeyHeader, idempotencyKey);
        var outcome = await SendAsync<ErpOrderAnswer>(ErpOperations.Order, message, cancellationToken).ConfigureAwait(false);
        return outcome.Value is { } answer
            ? ErpOutcome.Success(new ErpOrderAccepted(answer.ErpOrderId ?? string.Empty, answer.Status == HttpStatusCode.OK))
            : ErpOutcome.Failed<ErpOrderAccepted>(outcome.Failure!.Kind, outcome.Failure.Reason, outcome.Failure.HttpStatus);
    }

    /// <inheritdoc />
    public async Task<ErpOutcome<CreditDecision>> CheckCreditAsync(CreditCheckRequest request, CancellationToken cancellationToken)
    {
        var outcome = await SendAsync<CreditAnswer>(ErpOperations.Credit, Post("credit/check", request), cancellationToken).ConfigureAwait(false);
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
        if (status is null)
        {
            metrics?.ErpAnswerInvalid(ErpOperations.Credit);
        }

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

    // One call through the resilience pipeline, measured once it is over: its latency, and how it failed if it did.
    private async Task<ErpOutcome<T>> SendAsync<T>(string operation, HttpRequestMessage request, CancellationToken cancellationToken)
        where T : class
    {
        var started = time.GetTimestamp();
        var (outcome, failure) = await CallAsync<T>(request, cancellationToken).ConfigureAwait(false);
        metrics?.ErpCalled(operation, time.GetElapsedTime(started).TotalSeconds, failure);
        return outcome;
    }

    private async Task<(ErpOutcome<T> Outcome, string? Failure)> CallAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
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
                        ? (ErpOutcome.Failed<T>(ErpFailureKind.Unavailable, $"The ERP answered {status} with an empty body.", status), ErpErrorKinds.InvalidAnswer)
                        : (ErpOutcome.Success(value), null);
                }

                var reason = await ReasonAsync(response, cancellationToken).ConfigureAwait(false);
                var kind = status switch
                {
                    >= 500 => ErpErrorKinds.ServerError,
                    >= 400 => ErpErrorKinds.ClientError,
                    _ => ErpErrorKinds.InvalidAnswer,
                };
                return status is >= 400 and < 500 and not 408 and not 429
                    ? (ErpOutcome.Failed<T>(ErpFailureKind.Rejected, reason, status), kind)
                    : (ErpOutcome.Failed<T>(ErpFailureKind.Unavailable, reason, status), kind);
            }
        }
        catch (JsonException ex)
        {
            return (ErpOutcome.Failed<T>(ErpFailureKind.Unavailable, $"The ERP's answer is not the JSON of the contract: {ex.Message}"), ErpErrorKinds.InvalidAnswer);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
                                   || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ex switch
            {
                BrokenCircuitException => (ErpOutcome.Failed<T>(ErpFailureKind.Unavailable, "The ERP circuit is open after repeated failures."), ErpErrorKinds.CircuitOpen),
                TimeoutRejectedException or TaskCanceledException => (ErpOutcome.Failed<T>(ErpFailureKind.Unavailable, "The ERP did not answer in time."), ErpErrorKinds.Timeout),
                _ => (ErpOutcome.Failed<T>(ErpFailureKind.Unavailable, $"The ERP could not be reached: {ex.Message}"), ErpErrorKinds.Transport),
            };
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
