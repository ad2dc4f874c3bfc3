using System.Globalization;
using Punchout.Protocols.Cxml.Orders;
using Punchout.Validation.Carts;
using Punchout.Validation.Erp;

namespace Punchout.Validation.Orders;

/// <summary>Checks again, on an OrderRequest, that the ERP knows every ordered part and that the account may buy it:
/// a buyer can edit a requisition after the punchout.</summary>
/// <remarks>
/// One batched quote for every line that has a SupplierPartID and an ItemDetail (quantity and unit from the line);
/// lines without ItemDetail (blanket lines) are not checked. Only entitlement and the part's existence are judged:
/// the price the procurement system approved stands, so prices, units, validity and quantities are not re-judged.
/// </remarks>
public sealed class OrderEntitlementChecker(IErpClient erp)
{
    /// <summary>Asks the ERP about the lines of <paramref name="request"/> for <paramref name="account"/>.</summary>
    public async Task<OrderEntitlementResult> CheckAsync(string account, OrderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var lines = request.Items
            .Where(i => i.ItemDetail is not null && !string.IsNullOrWhiteSpace(i.ItemId.SupplierPartId))
            .ToList();
        if (lines.Count == 0)
        {
            return OrderEntitlementResult.Passed;
        }

        var quoteRequest = new PriceQuoteRequest(
            account,
            request.Header.Total.Currency,
            [.. lines.Select(i => new PriceQuoteLine(LineRef(i), i.ItemId.SupplierPartId, i.ItemId.SupplierPartAuxiliaryId, i.Quantity, i.ItemDetail!.UnitOfMeasure))]);
        var outcome = await erp.QuotePricesAsync(quoteRequest, cancellationToken).ConfigureAwait(false);
        if (outcome.Value is not { } quote)
        {
            return OrderEntitlementResult.Unavailable(outcome.Failure?.Reason ?? "The ERP did not answer the quote.");
        }

        if (quote.Lines is null || quote.Lines.Any(l => l is null) || quote.Lines.GroupBy(l => l.LineRef).Any(g => g.Count() > 1))
        {
            return OrderEntitlementResult.Unavailable("The ERP's quote does not have the contract's shape (no lines, or a lineRef twice).");
        }

        var quoted = quote.Lines.Where(q => q.LineRef is not null).ToDictionary(q => q.LineRef, StringComparer.Ordinal);
        var problems = new List<OrderProblem>();
        foreach (var line in lines)
        {
            var part = line.ItemId.SupplierPartId;
            var answer = quoted.GetValueOrDefault(LineRef(line));
            if (answer is not null && !string.Equals(answer.SupplierPartId, part, StringComparison.OrdinalIgnoreCase))
            {
                return OrderEntitlementResult.Unavailable($"The ERP answered ItemOut {line.LineNumber} for part {answer.SupplierPartId}, not {part}.");
            }

            // The same reading of the quote as for a cart (docs/erp-contract.md).
            if (answer is null || (answer.UnitPrice is null && answer.Entitled))
            {
                problems.Add(new OrderProblem(CartProblemCodes.UnknownPart, $"ItemOut {line.LineNumber}: the ERP does not know part {part}."));
            }
            else if (!answer.Entitled)
            {
                problems.Add(new OrderProblem(CartProblemCodes.NotEntitled, $"ItemOut {line.LineNumber}: account {account} may not buy part {part}."));
            }
        }

        return problems.Count > 0 ? OrderEntitlementResult.Refused(problems) : OrderEntitlementResult.Passed with { TaxExempt = quote.TaxExempt };
    }

    /// <summary>The tax <paramref name="request"/> charges: the header Tax when it is not zero, otherwise the sum of the
    /// lines' Tax; zero when neither says otherwise.</summary>
    public static decimal TaxCharged(OrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Header.Tax is { Money.Amount: not 0m } header
            ? header.Money.Amount
            : request.Items.Sum(i => i.Tax?.Money.Amount ?? 0m);
    }

    private static string LineRef(OrderItemOut line) => line.LineNumber.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One reason an order is refused: a machine-readable code and a sentence naming the ItemOut.</summary>
public sealed record OrderProblem(string Code, string Message)
{
    /// <summary><c>code: message</c>, as the validator's problems are listed.</summary>
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>What the ERP said about an order's parts.</summary>
public enum OrderEntitlementOutcome
{
    /// <summary>Every checked part is known and the account may buy it.</summary>
    Passed,

    /// <summary>At least one line is refused; see <see cref="OrderEntitlementResult.Problems"/>.</summary>
    Refused,

    /// <summary>The ERP could not answer, or answered outside the contract's shape.</summary>
    Unavailable,
}

/// <summary>The answer of <see cref="OrderEntitlementChecker"/>.</summary>
public sealed record OrderEntitlementResult(OrderEntitlementOutcome Outcome, IReadOnlyList<OrderProblem> Problems, string? UnavailableReason)
{
    /// <summary>Whether the ERP's quote says the account is tax-exempt; false when no quote was asked (no line to check).</summary>
    public bool TaxExempt { get; init; }

    /// <summary>Nothing to refuse.</summary>
    public static OrderEntitlementResult Passed { get; } = new(OrderEntitlementOutcome.Passed, [], null);

    /// <summary>These lines are refused.</summary>
    public static OrderEntitlementResult Refused(IReadOnlyList<OrderProblem> problems) => new(OrderEntitlementOutcome.Refused, problems, null);

    /// <summary>The ERP could not answer.</summary>
    public static OrderEntitlementResult Unavailable(string reason) => new(OrderEntitlementOutcome.Unavailable, [], reason);
}
