namespace Punchout.Validation.Erp;

/// <summary>The supplier's ERP, or the middleware in front of it: the authority on prices, entitlements, credit and orders.</summary>
/// <remarks>
/// Implementations answer expected failures as values: <see cref="ErpFailureKind.Rejected"/> is permanent (the ERP
/// refused), <see cref="ErpFailureKind.Unavailable"/> is transient (down, slow, 5xx) and may be retried. The HTTP shape
/// of this contract is documented in docs/erp-contract.md; fields may be added, none renamed or removed.
/// </remarks>
public interface IErpClient
{
    /// <summary>Prices every line of a cart for an account in one call.</summary>
    Task<ErpOutcome<PriceQuote>> QuotePricesAsync(PriceQuoteRequest request, CancellationToken cancellationToken);

    /// <summary>Hands an order to the ERP; the same <paramref name="idempotencyKey"/> again creates nothing new.</summary>
    Task<ErpOutcome<ErpOrderAccepted>> SubmitOrderAsync(ErpOrder order, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Asks whether the account may buy an amount now: ok, on hold, or over its limit. A status the
    /// gateway does not know is answered as <see cref="ErpFailureKind.Unavailable"/> (fail closed).</summary>
    Task<ErpOutcome<CreditDecision>> CheckCreditAsync(CreditCheckRequest request, CancellationToken cancellationToken);
}

/// <summary>Whether an ERP failure is worth retrying.</summary>
public enum ErpFailureKind
{
    /// <summary>The ERP refused (a 4xx answer): permanent; retrying gives the same answer.</summary>
    Rejected,

    /// <summary>The ERP could not answer (5xx, timeout, refused connection, open circuit): transient.</summary>
    Unavailable,
}

/// <summary>Why an ERP call failed, in words the ERP or the transport gave.</summary>
public sealed record ErpFailure(ErpFailureKind Kind, string Reason, int? HttpStatus = null);

/// <summary>The answer of an ERP call: a value, or a failure.</summary>
public sealed record ErpOutcome<T>
    where T : class
{
    internal ErpOutcome(T? value, ErpFailure? failure) => (Value, Failure) = (value, failure);

    /// <summary>The answer, when the call succeeded.</summary>
    public T? Value { get; }

    /// <summary>The failure, when it did not.</summary>
    public ErpFailure? Failure { get; }
}

/// <summary>Makes <see cref="ErpOutcome{T}"/> values.</summary>
public static class ErpOutcome
{
    /// <summary>A successful answer.</summary>
    public static ErpOutcome<T> Success<T>(T value)
        where T : class => new(value, null);

    /// <summary>A failed call.</summary>
    public static ErpOutcome<T> Failed<T>(ErpFailureKind kind, string reason, int? httpStatus = null)
        where T : class => new(null, new ErpFailure(kind, reason, httpStatus));
}
