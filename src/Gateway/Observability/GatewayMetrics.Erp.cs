using System.Diagnostics.Metrics;
using Polly.CircuitBreaker;

namespace Punchout.Gateway.Observability;

/// <summary>The ERP's side of <see cref="GatewayMetrics"/>: latency, errors, the circuit, and the credit check.</summary>
public sealed partial class GatewayMetrics
{
    /// <summary>The upper bounds of the ERP latency histogram, in seconds: from 10 ms to the default Erp:TotalTimeout.</summary>
    public static readonly IReadOnlyList<double> ErpLatencyBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private static readonly string[] CircuitStates = ["closed", "half-open", "open"];
    private Histogram<double> erpDuration = null!;
    private Counter<long> erpErrors = null!;
    private Counter<long> creditChecks = null!;
    private volatile string circuit = "closed";

    /// <summary>The ERP call <paramref name="operation"/> (<see cref="ErpOperations"/>) ended after
    /// <paramref name="seconds"/>, retries included; <paramref name="failure"/> is null on success, else the kind of
    /// error it ended with (<see cref="ErpErrorKinds"/>).</summary>
    public void ErpCalled(string operation, double seconds, string? failure)
    {
        var op = new KeyValuePair<string, object?>("operation", ErpOperations.Bounded(operation));
        erpDuration.Record(seconds, op, new KeyValuePair<string, object?>("outcome", failure is null ? "ok" : "error"));
        if (failure is not null)
        {
            erpErrors.Add(1, op, new KeyValuePair<string, object?>("kind", ErpErrorKinds.Bounded(failure)));
        }
    }

    /// <summary>The ERP call <paramref name="operation"/> succeeded but its answer was not the contract's (an unknown
    /// credit status): an error, without a second latency observation.</summary>
    public void ErpAnswerInvalid(string operation) =>
        erpErrors.Add(1, new KeyValuePair<string, object?>("operation", ErpOperations.Bounded(operation)), new KeyValuePair<string, object?>("kind", ErpErrorKinds.InvalidAnswer));

    /// <summary>The ERP circuit breaker moved to <paramref name="state"/>.</summary>
    public void ErpCircuitChanged(CircuitState state) => circuit = state switch
    {
        CircuitState.Closed => "closed",
        CircuitState.HalfOpen => "half-open",
        _ => "open",
    };

    /// <summary>The ERP's credit check at <paramref name="stage"/> (<c>cart</c>, <c>order</c>, <c>forwarding</c>)
    /// answered <paramref name="outcome"/>: <c>ok</c>, or a <see cref="Erp.CreditGate"/> refusal code.</summary>
    public void CreditChecked(string buyer, string stage, string outcome) => creditChecks.Add(
        1,
        Buyer(buyer),
        new KeyValuePair<string, object?>("stage", stage is "cart" or "order" or "forwarding" ? stage : "other"),
        new KeyValuePair<string, object?>("outcome", CreditOutcomes.Contains(outcome) ? outcome : OtherReason));

    private void CreateOperationInstruments(Meter meter)
    {
        erpDuration = meter.CreateHistogram(
            "punchout.erp.call_duration_seconds",
            unit: "s",
            description: "How long one ERP call took, retries included, by operation (quote, credit, order) and outcome (ok, error).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ErpLatencyBuckets });
        erpErrors = meter.CreateCounter<long>("punchout.erp.errors", description: "ERP calls that ended in an error, by operation and kind: timeout, 5xx, 4xx, circuit-open, transport, invalid-answer.");
        creditChecks = meter.CreateCounter<long>("punchout.credit.checks", description: "ERP credit checks by stage (cart, order, forwarding) and outcome (ok, credit-hold, credit-over-limit, credit-unavailable).");
        meter.CreateObservableGauge(
            "punchout.erp.circuit_state",
            () => CircuitStates.Select(s => new Measurement<long>(s == circuit ? 1 : 0, new KeyValuePair<string, object?>("state", s))),
            description: "The ERP circuit breaker: 1 for the state it is in (closed, half-open, open), 0 for the others.");
    }
}

/// <summary>The ERP operations, as the <c>operation</c> label names them.</summary>
public static class ErpOperations
{
    /// <summary>POST /prices/quote.</summary>
    public const string Quote = "quote";

    /// <summary>POST /credit/check.</summary>
    public const string Credit = "credit";

    /// <summary>POST /orders.</summary>
    public const string Order = "order";

    internal static string Bounded(string operation) => operation is Quote or Credit or Order ? operation : "other";
}

/// <summary>How an ERP call failed, as the <c>kind</c> label names it.</summary>
public static class ErpErrorKinds
{
    /// <summary>No answer within Erp:AttemptTimeout or Erp:TotalTimeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>The ERP answered 5xx.</summary>
    public const string ServerError = "5xx";

    /// <summary>The ERP answered 4xx (a refusal, or 408/429 once the retries are spent).</summary>
    public const string ClientError = "4xx";

    /// <summary>The circuit breaker refused the call without asking the ERP.</summary>
    public const string CircuitOpen = "circuit-open";

    /// <summary>The ERP could not be reached: refused connection, DNS, TLS, a reset.</summary>
    public const string Transport = "transport";

    /// <summary>The ERP answered, but not in the contract's shape (not JSON, an empty body, an unknown status, a 1xx/3xx).</summary>
    public const string InvalidAnswer = "invalid-answer";

    internal static string Bounded(string kind) =>
        kind is Timeout or ServerError or ClientError or CircuitOpen or Transport or InvalidAnswer ? kind : "other";
}
