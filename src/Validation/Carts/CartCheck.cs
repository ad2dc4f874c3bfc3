using Punchout.Validation.Erp;

namespace Punchout.Validation.Carts;

/// <summary>Machine-readable reasons a cart line is refused, as the storefront API reports them.</summary>
public static class CartProblemCodes
{
    /// <summary>The line itself is incomplete or impossible (no part, a quantity of zero, ...).</summary>
    public const string InvalidLine = "invalid-line";

    /// <summary>The ERP does not know the part.</summary>
    public const string UnknownPart = "unknown-part";

    /// <summary>The account may not buy the part.</summary>
    public const string NotEntitled = "not-entitled";

    /// <summary>The storefront's price is not the contract price.</summary>
    public const string PriceMismatch = "price-mismatch";

    /// <summary>The line's currency is not the contract's.</summary>
    public const string CurrencyMismatch = "currency-mismatch";

    /// <summary>A line is in another currency than the cart, and the buyer takes one currency per cart.</summary>
    public const string MixedCurrencies = "mixed-currencies";

    /// <summary>The contract price is not valid now.</summary>
    public const string PriceExpired = "price-expired";

    /// <summary>The line's unit of measure is not the one the contract prices.</summary>
    public const string UnitMismatch = "unit-mismatch";

    /// <summary>The quantity is below the minimum, above the maximum, or not a multiple the ERP sells.</summary>
    public const string QuantityNotAllowed = "quantity-not-allowed";
}

/// <summary>What to do with a line whose price is not the contract's.</summary>
public enum PriceMismatchPolicy
{
    /// <summary>Refuse the line, giving the ERP's price.</summary>
    Reject,

    /// <summary>Return the line at the ERP's price and say it was repriced.</summary>
    UseErpPrice,
}

/// <summary>Why one cart line was refused; <see cref="Line"/> counts from 1.</summary>
public sealed record CartLineProblem(int Line, string Code, string Message, decimal? ErpUnitPrice = null);

/// <summary>What the cart check knows of the buyer and the session beyond the cart.</summary>
/// <param name="Units">The buyer's storefront units and their codes; a line whose unit has no code is an invalid line.
/// The ERP is asked, and the accepted lines carry, the code.</param>
/// <param name="ShownSince">When the punchout started: a contract price valid only from later was not the one the
/// storefront first showed, and a price mismatch says so. Null when unknown.</param>
/// <param name="MixedCurrencies">Whether lines may be in other currencies than the cart's. The ERP is then asked once
/// per currency (every line of one currency in one quote), and the cart has one total per currency.</param>
public sealed record CartCheckContext(UnitCodes Units, DateTimeOffset? ShownSince = null, bool MixedCurrencies = false)
{
    /// <summary>No unit mapping and no session start.</summary>
    public CartCheckContext()
        : this(UnitCodes.None)
    {
    }
}

/// <summary>A cart line as the ERP priced it, in <see cref="Currency"/>.</summary>
public sealed record PricedCartLine(int Line, CartLine CartLine, QuotedLine Quote, string Currency)
{
    /// <summary>The contract price per <see cref="QuotedLine.PriceBasisQuantity"/> units.</summary>
    public decimal UnitPrice => Quote.UnitPrice ?? CartLine.UnitPrice;

    /// <summary>Whether the storefront showed another price than the contract's, which replaced it.</summary>
    public bool Repriced => UnitPrice != CartLine.UnitPrice;

    /// <summary>The part id as the ERP spells it.</summary>
    public string SupplierPartId => Quote.SupplierPartId;

    /// <summary>Quantity × price ÷ price basis quantity.</summary>
    public decimal Amount => CartLine.Quantity * UnitPrice / (Quote.PriceBasisQuantity == 0 ? 1 : Quote.PriceBasisQuantity);
}

/// <summary>What checking a cart against the ERP decided.</summary>
public enum CartCheckOutcome
{
    /// <summary>Every line is priced as the contract says.</summary>
    Accepted,

    /// <summary>At least one line is refused; every refused line is listed.</summary>
    Refused,

    /// <summary>The ERP could not price the cart; nothing passes unchecked.</summary>
    PricingUnavailable,
}

/// <summary>The result of checking a cart: the priced lines, or every problem, or why pricing was unavailable.</summary>
public sealed record CartCheckResult
{
    /// <summary>What was decided.</summary>
    public required CartCheckOutcome Outcome { get; init; }

    /// <summary>The priced lines, when accepted.</summary>
    public IReadOnlyList<PricedCartLine> Lines { get; init; } = [];

    /// <summary>Every refused line, when refused.</summary>
    public IReadOnlyList<CartLineProblem> Problems { get; init; } = [];

    /// <summary>Whether the ERP says the account is tax-exempt.</summary>
    public bool TaxExempt { get; init; }

    /// <summary>Why pricing was unavailable.</summary>
    public string? UnavailableReason { get; init; }

    /// <summary>The cart's ISO 4217 currency; every line's unless <see cref="MixedCurrencies"/>.</summary>
    public string Currency { get; init; } = string.Empty;

    /// <summary>Whether some line is in another currency than <see cref="Currency"/> (a buyer that allows it).</summary>
    public bool MixedCurrencies => Lines.Any(l => !string.Equals(l.Currency, Currency, StringComparison.Ordinal));

    /// <summary>The cart's Total: the sum of the line amounts rounded to the currency's minor unit, without tax and
    /// shipping. A cart in several currencies has no one total: see <see cref="Totals"/>.</summary>
    /// <exception cref="InvalidOperationException">The cart is in several currencies.</exception>
    public decimal Total => MixedCurrencies
        ? throw new InvalidOperationException("A cart in several currencies has one total per currency (Totals), not one Total.")
        : CurrencyAmounts.Round(Lines.Sum(l => l.Amount), Currency);

    /// <summary>One total per currency of the lines, the cart's currency first and the others in the order their
    /// first line comes; the cart's currency alone, at zero, when there are no lines.</summary>
    public IReadOnlyList<CurrencyTotal> Totals => Lines.Count == 0
        ? [new CurrencyTotal(Currency, CurrencyAmounts.Round(0m, Currency))]
        : [.. Lines.Select(l => l.Currency).Distinct(StringComparer.Ordinal).OrderBy(c => c == Currency ? 0 : 1)
            .Select(c => new CurrencyTotal(c, CurrencyAmounts.Round(Lines.Where(l => l.Currency == c).Sum(l => l.Amount), c)))];
}

/// <summary>The sum of a cart's lines in one currency, rounded to its minor unit.</summary>
public sealed record CurrencyTotal(string Currency, decimal Amount);
