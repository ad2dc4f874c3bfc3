using System.Globalization;
using Punchout.Validation.Erp;

namespace Punchout.Validation.Carts;

/// <summary>Checks a returned cart against the ERP: every line priced in one batched quote, every problem reported.</summary>
/// <remarks>The ERP owns prices and entitlements; when it cannot answer, the cart is refused (fail closed).</remarks>
public sealed class CartChecker(IErpClient erp, TimeProvider clock)
{
    private static readonly CartLineValidator LineValidator = new();

    /// <summary>Prices <paramref name="cart"/> for <paramref name="account"/> and decides.</summary>
    public async Task<CartCheckResult> CheckAsync(string account, StorefrontCart cart, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cart);
        var lines = cart.Lines ?? [];
        var problems = new List<CartLineProblem>();
        if (string.IsNullOrWhiteSpace(cart.Currency) || cart.Currency.Trim().Length != 3)
        {
            problems.Add(new CartLineProblem(0, CartProblemCodes.InvalidLine, "currency must be an ISO 4217 code such as USD."));
        }

        if (lines.Count == 0)
        {
            problems.Add(new CartLineProblem(0, CartProblemCodes.InvalidLine, "The cart has no lines; cancel the session to return an empty cart."));
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var result = LineValidator.Validate(lines[i]);
            problems.AddRange(result.Errors.Select(e => new CartLineProblem(i + 1, CartProblemCodes.InvalidLine, e.ErrorMessage)));
        }

        if (problems.Count > 0)
        {
            return new CartCheckResult { Outcome = CartCheckOutcome.Refused, Problems = problems };
        }

        var currency = cart.Currency!.Trim().ToUpperInvariant();
        var request = new PriceQuoteRequest(
            account,
            currency,
            [.. lines.Select((l, i) => new PriceQuoteLine(LineRef(i), l.SupplierPartId!, l.SupplierPartAuxiliaryId, l.Quantity, l.UnitOfMeasure!))]);
        var outcome = await erp.QuotePricesAsync(request, cancellationToken).ConfigureAwait(false);
        if (outcome.Value is not { } quote)
        {
            return new CartCheckResult { Outcome = CartCheckOutcome.PricingUnavailable, UnavailableReason = outcome.Failure?.Reason };
        }

        var quoted = quote.Lines.ToDictionary(q => q.LineRef, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var priced = new List<PricedCartLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var number = i + 1;
            if (!quoted.TryGetValue(LineRef(i), out var answer) || answer.UnitPrice is null && answer.Entitled)
            {
                problems.Add(new CartLineProblem(number, CartProblemCodes.UnknownPart, $"The ERP does not know part {line.SupplierPartId}."));
            }
            else if (!answer.Entitled)
            {
                problems.Add(new CartLineProblem(number, CartProblemCodes.NotEntitled, $"Account {account} may not buy part {line.SupplierPartId}."));
            }
            else if (!string.Equals(answer.Currency ?? currency, currency, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new CartLineProblem(number, CartProblemCodes.CurrencyMismatch, $"Part {line.SupplierPartId} is priced in {answer.Currency} on the contract, not {currency}.", answer.UnitPrice));
            }
            else if (now < answer.ValidFrom || now > answer.ValidTo)
            {
                problems.Add(new CartLineProblem(number, CartProblemCodes.PriceExpired, $"The contract price of part {line.SupplierPartId} is valid from {answer.ValidFrom:O} to {answer.ValidTo:O}, not now.", answer.UnitPrice));
            }
            else if (answer.UnitPrice != line.UnitPrice)
            {
                problems.Add(new CartLineProblem(
                    number,
                    CartProblemCodes.PriceMismatch,
                    string.Create(CultureInfo.InvariantCulture, $"Part {line.SupplierPartId} costs {answer.UnitPrice} {currency} on the contract; the cart says {line.UnitPrice}."),
                    answer.UnitPrice));
            }
            else
            {
                priced.Add(new PricedCartLine(number, line, answer));
            }
        }

        return problems.Count > 0
            ? new CartCheckResult { Outcome = CartCheckOutcome.Refused, Problems = problems }
            : new CartCheckResult { Outcome = CartCheckOutcome.Accepted, Lines = priced, TaxExempt = quote.TaxExempt };
    }

    private static string LineRef(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);
}
