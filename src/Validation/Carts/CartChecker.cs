using System.Globalization;
using Punchout.Validation.Erp;

namespace Punchout.Validation.Carts;

/// <summary>Checks a returned cart against the ERP: every line priced in one batched quote, every problem reported.</summary>
/// <remarks>The ERP owns prices, units, quantities and entitlements; when it cannot answer, or answers outside the
/// contract's shape, the cart is refused (fail closed).</remarks>
public sealed class CartChecker(IErpClient erp, TimeProvider clock)
{
    private static readonly CartLineValidator LineValidator = new();

    /// <summary>Prices <paramref name="cart"/> for <paramref name="account"/> and decides, under <paramref name="priceMismatch"/>.</summary>
    /// <param name="account">The ERP account the prices and entitlements belong to.</param>
    /// <param name="cart">The storefront's cart.</param>
    /// <param name="priceMismatch">What a line whose price is not the contract's becomes.</param>
    /// <param name="priceTolerance">How far, per unit and in the cart's currency, the storefront's price may be from the
    /// contract's and still pass under <see cref="PriceMismatchPolicy.Reject"/>; the line then goes back at the
    /// contract's price, marked repriced. Zero: any difference is a mismatch.</param>
    /// <param name="cancellationToken">Cancels the ERP call.</param>
    public Task<CartCheckResult> CheckAsync(string account, StorefrontCart cart, PriceMismatchPolicy priceMismatch, decimal priceTolerance, CancellationToken cancellationToken) =>
        CheckAsync(account, cart, priceMismatch, priceTolerance, new CartCheckContext(), cancellationToken);

    /// <summary>Prices <paramref name="cart"/> for <paramref name="account"/> and decides, under <paramref name="priceMismatch"/>,
    /// each line's unit first turned into its UN/CEFACT code by the context's <see cref="CartCheckContext.Units"/>.</summary>
    /// <param name="account">The ERP account the prices and entitlements belong to.</param>
    /// <param name="cart">The storefront's cart.</param>
    /// <param name="priceMismatch">What a line whose price is not the contract's becomes.</param>
    /// <param name="priceTolerance">How far, per unit, the storefront's price may be from the contract's under Reject.</param>
    /// <param name="context">The buyer's unit codes and when the punchout started.</param>
    /// <param name="cancellationToken">Cancels the ERP call.</param>
    public async Task<CartCheckResult> CheckAsync(string account, StorefrontCart cart, PriceMismatchPolicy priceMismatch, decimal priceTolerance, CartCheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cart);
        ArgumentNullException.ThrowIfNull(context);
        var units = context.Units;
        var problems = ShapeProblems(cart, cart.Lines ?? [], units, context.MixedCurrencies);
        if (problems.Count > 0)
        {
            return Refused(problems);
        }

        var currency = cart.Currency!.Trim().ToUpperInvariant();
        IReadOnlyList<CartLine> lines = [.. (cart.Lines ?? []).Select(l => l! with { UnitOfMeasure = units.CodeOf(l.UnitOfMeasure), Currency = CurrencyOf(l, currency) })];

        // One batched quote per currency (one for a cart in one currency), never one per line; all asked together.
        var groups = lines.Select((l, i) => (Line: l, Ref: LineRef(i))).GroupBy(x => x.Line.Currency!, StringComparer.Ordinal).ToList();
        var outcomes = await Task.WhenAll(groups.Select(g => erp.QuotePricesAsync(
            new PriceQuoteRequest(account, g.Key, [.. g.Select(x => new PriceQuoteLine(x.Ref, x.Line.SupplierPartId!, x.Line.SupplierPartAuxiliaryId, x.Line.Quantity, x.Line.UnitOfMeasure!))]),
            cancellationToken))).ConfigureAwait(false);
        if (outcomes.FirstOrDefault(o => o.Value is null) is { } failed)
        {
            return Unavailable(failed.Failure?.Reason);
        }

        var quotes = outcomes.Select(o => o.Value!).ToList();
        if (quotes.Any(q => q.Lines is null || q.Lines.Any(l => l is null || l.PriceBasisQuantity <= 0)) || quotes.SelectMany(q => q.Lines).GroupBy(l => l.LineRef).Any(g => g.Count() > 1))
        {
            return Unavailable("The ERP's quote does not have the contract's shape (no lines, a lineRef twice, or a priceBasisQuantity not above zero).");
        }

        var quoted = quotes.SelectMany(q => q.Lines).Where(q => q.LineRef is not null).ToDictionary(q => q.LineRef, StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            if (quoted.TryGetValue(LineRef(i), out var answer) && !string.Equals(answer.SupplierPartId, lines[i].SupplierPartId, StringComparison.OrdinalIgnoreCase))
            {
                return Unavailable($"The ERP answered line {i + 1} for part {answer.SupplierPartId}, not {lines[i].SupplierPartId}.");
            }
        }

        var priced = new List<PricedCartLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            var answer = quoted.GetValueOrDefault(LineRef(i));
            if (ProblemOf(i + 1, lines[i], answer, account, lines[i].Currency!, priceMismatch, priceTolerance, context.ShownSince) is { } problem)
            {
                problems.Add(problem);
            }
            else
            {
                priced.Add(new PricedCartLine(i + 1, lines[i], answer!, lines[i].Currency!));
            }
        }

        // The account is exempt when the ERP says so in every answer: one quote saying otherwise keeps the tax.
        return problems.Count > 0
            ? Refused(problems)
            : new CartCheckResult { Outcome = CartCheckOutcome.Accepted, Lines = priced, TaxExempt = quotes.All(q => q.TaxExempt), Currency = currency };
    }

    // The line's own currency, or the cart's when it names none.
    private static string CurrencyOf(CartLine line, string cartCurrency) =>
        string.IsNullOrWhiteSpace(line.Currency) ? cartCurrency : line.Currency.Trim().ToUpperInvariant();

    // Problems with the cart itself, found before the ERP is asked: every one, for every line.
    private static List<CartLineProblem> ShapeProblems(StorefrontCart cart, IReadOnlyList<CartLine?> lines, UnitCodes units, bool mixedCurrencies)
    {
        var problems = new List<CartLineProblem>();
        var cartCurrency = cart.Currency?.Trim().ToUpperInvariant();
        if (!IsCurrencyCode(cartCurrency))
        {
            problems.Add(new CartLineProblem(0, CartProblemCodes.InvalidLine, "currency must be an ISO 4217 code such as USD."));
        }

        if (lines.Count == 0)
        {
            problems.Add(new CartLineProblem(0, CartProblemCodes.InvalidLine, "The cart has no lines; cancel the session to return an empty cart."));
        }

        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i] is not { } line)
            {
                problems.Add(new CartLineProblem(i + 1, CartProblemCodes.InvalidLine, "The line is null."));
                continue;
            }

            if (line.Currency is not null && !IsCurrencyCode(line.Currency.Trim().ToUpperInvariant()))
            {
                problems.Add(new CartLineProblem(i + 1, CartProblemCodes.InvalidLine, $"currency must be an ISO 4217 code such as EUR, not '{line.Currency}'."));
            }
            else if (line.Currency is not null && IsCurrencyCode(cartCurrency) && !mixedCurrencies && CurrencyOf(line, cartCurrency!) != cartCurrency)
            {
                problems.Add(new CartLineProblem(
                    i + 1,
                    CartProblemCodes.MixedCurrencies,
                    $"The line is in {CurrencyOf(line, cartCurrency!)} and the cart in {cartCurrency}; this punchout takes one currency per cart."));
            }

            problems.AddRange(LineValidator.Validate(line).Errors.Select(e => new CartLineProblem(i + 1, CartProblemCodes.InvalidLine, e.ErrorMessage)));
            if (!string.IsNullOrWhiteSpace(line.UnitOfMeasure) && units.CodeOf(line.UnitOfMeasure) is null)
            {
                problems.Add(new CartLineProblem(
                    i + 1,
                    CartProblemCodes.InvalidLine,
                    $"unitOfMeasure '{line.UnitOfMeasure}' is not a UN/CEFACT code (such as EA) nor a unit the buyer's UnitCodes map to one."));
            }
        }

        return problems;
    }

    // The first rule the ERP's answer breaks for this line, in the order a person would fix them; null when none.
    private CartLineProblem? ProblemOf(int number, CartLine line, QuotedLine? answer, string account, string currency, PriceMismatchPolicy priceMismatch, decimal priceTolerance, DateTimeOffset? shownSince)
    {
        var part = line.SupplierPartId;
        if (answer is null || (answer.UnitPrice is null && answer.Entitled))
        {
            return new CartLineProblem(number, CartProblemCodes.UnknownPart, $"The ERP does not know part {part}.");
        }

        if (!answer.Entitled)
        {
            return new CartLineProblem(number, CartProblemCodes.NotEntitled, $"Account {account} may not buy part {part}.");
        }

        if (!string.Equals(answer.Currency ?? currency, currency, StringComparison.OrdinalIgnoreCase))
        {
            return new CartLineProblem(number, CartProblemCodes.CurrencyMismatch, $"Part {part} is priced in {answer.Currency} on the contract, not {currency}.", answer.UnitPrice);
        }

        if (answer.UnitOfMeasure is { } unit && !string.Equals(unit, line.UnitOfMeasure, StringComparison.OrdinalIgnoreCase))
        {
            return new CartLineProblem(number, CartProblemCodes.UnitMismatch, $"Part {part} is sold per {unit} on the contract; the cart says {line.UnitOfMeasure}.", answer.UnitPrice);
        }

        var now = clock.GetUtcNow();
        if (now > answer.ValidTo)
        {
            return new CartLineProblem(
                number,
                CartProblemCodes.PriceExpired,
                string.Create(CultureInfo.InvariantCulture, $"The contract price of part {part}, {answer.UnitPrice} {currency}, expired at {answer.ValidTo:O}; it is now {now:O}."),
                answer.UnitPrice);
        }

        if (now < answer.ValidFrom)
        {
            return new CartLineProblem(
                number,
                CartProblemCodes.PriceExpired,
                string.Create(CultureInfo.InvariantCulture, $"The contract price of part {part}, {answer.UnitPrice} {currency}, applies only from {answer.ValidFrom:O}; it is now {now:O}."),
                answer.UnitPrice);
        }

        if (QuantityProblem(line.Quantity, answer) is { } quantityProblem)
        {
            return new CartLineProblem(number, CartProblemCodes.QuantityNotAllowed, $"Part {part}: {quantityProblem}", answer.UnitPrice);
        }

        return Math.Abs(answer.UnitPrice!.Value - line.UnitPrice) > priceTolerance && priceMismatch == PriceMismatchPolicy.Reject
            ? new CartLineProblem(
                number,
                CartProblemCodes.PriceMismatch,
                string.Create(CultureInfo.InvariantCulture, $"Part {part} costs {answer.UnitPrice} {currency} on the contract; the cart says {line.UnitPrice}{(priceTolerance > 0 ? $", more than the {priceTolerance} allowed" : string.Empty)}.{ChangedSince(answer, shownSince)}"),
                answer.UnitPrice)
            : null;
    }

    // When the contract price in force now became valid after the cart was first shown, the storefront showed an older one.
    private static string ChangedSince(QuotedLine answer, DateTimeOffset? shownSince) =>
        answer.ValidFrom is { } from && from > shownSince
            ? string.Create(CultureInfo.InvariantCulture, $" The contract price changed at {from:O}, after the punchout started: the storefront showed the one before.")
            : string.Empty;

    private static string? QuantityProblem(decimal quantity, QuotedLine answer) => answer switch
    {
        { MinQuantity: { } min } when quantity < min => string.Create(CultureInfo.InvariantCulture, $"at least {min} must be ordered; the cart says {quantity}."),
        { MaxQuantity: { } max } when quantity > max => string.Create(CultureInfo.InvariantCulture, $"at most {max} can be ordered; the cart says {quantity}."),
        { OrderMultiple: { } multiple } when multiple > 0 && quantity % multiple != 0 => string.Create(CultureInfo.InvariantCulture, $"the quantity must be a multiple of {multiple}; the cart says {quantity}."),
        _ => null,
    };

    private static CartCheckResult Refused(List<CartLineProblem> problems) => new() { Outcome = CartCheckOutcome.Refused, Problems = problems };

    private static CartCheckResult Unavailable(string? reason) => new() { Outcome = CartCheckOutcome.PricingUnavailable, UnavailableReason = reason };

    private static bool IsCurrencyCode(string? code) => code is { Length: 3 } && code.All(char.IsAsciiLetterUpper);

    private static string LineRef(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);
}
