using System.Globalization;
using FluentValidation;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Orders;
using Punchout.Validation.Carts;

namespace Punchout.Validation.Orders;

/// <summary>The rules an OrderRequest must meet before it is accepted for the ERP; every broken rule is reported.</summary>
/// <remarks>
/// A document that breaks one can never succeed, so it is answered with Status 400 and nothing is stored. Each
/// failure carries its rule as the error code (<see cref="OrderRules"/>) and names the ItemOut lineNumber when a
/// line is at fault. Only what the document itself shows is checked here: nothing about stored orders or the ERP.
/// </remarks>
public sealed class OrderRequestValidator : AbstractValidator<OrderRequest>
{
    /// <summary>Declares the rules.</summary>
    public OrderRequestValidator()
    {
        RuleFor(o => o.Header.OrderId).NotEmpty().WithErrorCode(OrderRules.OrderId).WithMessage("OrderRequestHeader@orderID is empty.");
        RuleFor(o => o.Header.OrderVersion).GreaterThanOrEqualTo(1).WithErrorCode(OrderRules.OrderVersion).WithMessage("OrderRequestHeader@orderVersion must be 1 or more.");
        RuleFor(o => o.Header.Total.Amount).GreaterThanOrEqualTo(0).WithErrorCode(OrderRules.TotalNotNegative).WithMessage("The order Total must not be negative.");
        RuleFor(o => o.Items)
            .Must(items => items.Select(i => i.LineNumber).Distinct().Count() == items.Count)
            .WithErrorCode(OrderRules.UniqueLineNumbers)
            .WithMessage(o => $"ItemOut lineNumbers repeat: {string.Join(", ", o.Items.GroupBy(i => i.LineNumber).Where(g => g.Count() > 1).Select(g => g.Key.ToString(CultureInfo.InvariantCulture)))}.");
        RuleForEach(o => o.Items).ChildRules(item =>
        {
            item.RuleFor(i => i.LineNumber).GreaterThan(0).WithErrorCode(OrderRules.LineNumber).WithMessage(i => $"ItemOut {i.LineNumber}: lineNumber must be 1 or more.");
            item.RuleFor(i => i.Quantity).GreaterThan(0).WithErrorCode(OrderRules.PositiveQuantity).WithMessage(i => $"ItemOut {i.LineNumber}: quantity must be greater than zero.");
        });
        RuleForEach(o => o.Items)
            .Must((order, item) => item.ItemDetail is null || SameCurrency(item.ItemDetail.UnitPrice, order.Header.Total))
            .WithErrorCode(OrderRules.LineCurrency)
            .WithMessage((order, item) => $"ItemOut {item.LineNumber}: priced in {item.ItemDetail!.UnitPrice.Currency}, the order Total in {order.Header.Total.Currency}.");

        // PROTOCOLS.md §5 placement rule: the header ShipTo is never a default; multi-ship-to is a ShipTo on every
        // ItemOut and none in the header.
        RuleForEach(o => o.Items)
            .Must((order, item) => order.Header.ShipTo is null || item.ShipTo is null)
            .WithErrorCode(OrderRules.ShipToPlacement)
            .WithMessage((_, item) => $"ItemOut {item.LineNumber}: has its own ShipTo while the header has one; ShipTo goes in the header or on every ItemOut (multi-ship-to), never both.");
        RuleForEach(o => o.Items)
            .Must((order, item) => order.Header.ShipTo is not null || item.ShipTo is not null)
            .WithErrorCode(OrderRules.ShipToPlacement)
            .WithMessage((_, item) => $"ItemOut {item.LineNumber}: has no ShipTo and the header has none; ShipTo goes in the header or on every ItemOut.");

        RuleForEach(o => o.Items)
            .Must(item => item.ItemDetail?.PriceBasisQuantity is not { } basis || (basis.Quantity > 0 && basis.ConversionFactor > 0))
            .WithErrorCode(OrderRules.TotalMatchesLines)
            .WithMessage((_, item) => $"ItemOut {item.LineNumber}: PriceBasisQuantity quantity and conversionFactor must be greater than zero, or the line amount cannot be computed.");
        RuleFor(o => o)
            .Must(o => Math.Abs(o.Header.Total.Amount - LinesAmount(o)) <= TotalTolerance(o))
            .When(TotalIsCheckable)
            .WithName("Total")
            .WithErrorCode(OrderRules.TotalMatchesLines)
            .WithMessage(o => string.Create(
                CultureInfo.InvariantCulture,
                $"The order Total {o.Header.Total.Amount} {o.Header.Total.Currency} does not match the lines, which come to {LinesAmount(o)} {o.Header.Total.Currency} (quantity × unit price × conversionFactor ÷ PriceBasisQuantity, tolerance {TotalTolerance(o)})."));

        RuleFor(o => o.Header.BillTo.Name)
            .Must(name => !string.IsNullOrWhiteSpace(name))
            .WithErrorCode(OrderRules.BillTo)
            .WithMessage("BillTo has an empty Name: the invoice would go to no one.");
        RuleFor(o => o.Header.BillTo)
            .Must(b => b.PostalAddress is not null || !string.IsNullOrWhiteSpace(b.AddressId))
            .WithErrorCode(OrderRules.BillTo)
            .WithMessage("BillTo has neither a PostalAddress nor an addressID: nothing says where the invoice goes.");

        RuleFor(o => o.Header.DocumentReference)
            .Must(reference => !string.IsNullOrWhiteSpace(reference?.PayloadId))
            .When(o => o.Header.Type != OrderRequestType.New)
            .WithErrorCode(OrderRules.ChangeReference)
            .WithMessage(o => $"A type=\"{Lower(o.Header.Type)}\" order must carry a DocumentReference with the payloadID of the latest earlier OrderRequest of order {o.Header.OrderId}.");
        RuleFor(o => o.Header.OrderVersion)
            .GreaterThanOrEqualTo(2)
            .When(o => o.Header.Type != OrderRequestType.New && o.Header.OrderVersion >= 1)
            .WithErrorCode(OrderRules.ChangeReference)
            .WithMessage(o => string.Create(CultureInfo.InvariantCulture, $"A type=\"{Lower(o.Header.Type)}\" order must have an orderVersion of 2 or more (higher than the order it changes); it has {o.Header.OrderVersion}."));

        RuleForEach(o => o.Items)
            .Must(ReferencesAgreement)
            .When(o => o.Header.OrderType == OrderType.Release && string.IsNullOrWhiteSpace(o.Header.AgreementId))
            .WithErrorCode(OrderRules.ReleaseAgreement)
            .WithMessage((_, item) => $"ItemOut {item.LineNumber}: a release must reference its agreement: the header has no agreementID and the line no MasterAgreementReference or MasterAgreementIDInfo.");
    }

    /// <summary>The sum of the line amounts: quantity × unit price × conversionFactor ÷ PriceBasisQuantity quantity (PROTOCOLS.md §4), unrounded.</summary>
    public static decimal LinesAmount(OrderRequest order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.Items.Where(i => i.ItemDetail is not null).Sum(i =>
        {
            var detail = i.ItemDetail!;
            return detail.PriceBasisQuantity is { } basis
                ? i.Quantity * detail.UnitPrice.Amount * basis.ConversionFactor / basis.Quantity
                : i.Quantity * detail.UnitPrice.Amount;
        });
    }

    /// <summary>How far the Total may be from <see cref="LinesAmount"/>: half the currency's minor unit per line.</summary>
    /// <remarks>A buyer that rounds each line to the minor unit before adding moves the sum by at most half a minor unit
    /// per line; one that rounds the sum once stays within half a minor unit. Anything further is a wrong Total.</remarks>
    public static decimal TotalTolerance(OrderRequest order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var minorUnit = new decimal(1, 0, 0, false, (byte)CurrencyAmounts.MinorUnits(order.Header.Total.Currency));
        return order.Items.Count * minorUnit / 2;
    }

    // Blanket orders carry the maximum commitment as Total; an order with a line without ItemDetail has a line
    // with no price to add; lines in another currency or with an unusable PriceBasisQuantity are refused by their own rule.
    private static bool TotalIsCheckable(OrderRequest order) =>
        order.Header.OrderType != OrderType.Blanket
        && order.Items.All(i => i.ItemDetail is { } detail
            && SameCurrency(detail.UnitPrice, order.Header.Total)
            && (detail.PriceBasisQuantity is not { } basis || (basis.Quantity > 0 && basis.ConversionFactor > 0)));

    private static bool ReferencesAgreement(OrderItemOut item) => item.MasterAgreement switch
    {
        MasterAgreementIdInfo info => !string.IsNullOrWhiteSpace(info.AgreementId),
        MasterAgreementReference reference => !string.IsNullOrWhiteSpace(reference.DocumentReference.PayloadId) || !string.IsNullOrWhiteSpace(reference.AgreementId),
        _ => false,
    };

    private static bool SameCurrency(Money price, Money total) => string.Equals(price.Currency, total.Currency, StringComparison.OrdinalIgnoreCase);

    private static string Lower(OrderRequestType type) => type.ToString().ToLowerInvariant();
}

/// <summary>The codes of the OrderRequest rules, as <see cref="FluentValidation.Results.ValidationFailure.ErrorCode"/>; each
/// names a sample <c>samples/cxml/invalid/OrderRequest-&lt;code&gt;.xml</c> where the rule has one.</summary>
public static class OrderRules
{
    /// <summary>orderID is present.</summary>
    public const string OrderId = "order-id";

    /// <summary>orderVersion is 1 or more.</summary>
    public const string OrderVersion = "order-version";

    /// <summary>The Total is not negative.</summary>
    public const string TotalNotNegative = "total-not-negative";

    /// <summary>No two ItemOuts share a lineNumber.</summary>
    public const string UniqueLineNumbers = "unique-line-numbers";

    /// <summary>Every lineNumber is 1 or more.</summary>
    public const string LineNumber = "line-number";

    /// <summary>Every quantity is greater than zero.</summary>
    public const string PositiveQuantity = "positive-quantity";

    /// <summary>Every line is priced in the Total's currency.</summary>
    public const string LineCurrency = "line-currency";

    /// <summary>ShipTo in the header or on every ItemOut, never both.</summary>
    public const string ShipToPlacement = "ship-to-placement";

    /// <summary>The Total is the sum of the line amounts within rounding.</summary>
    public const string TotalMatchesLines = "total-matches-lines";

    /// <summary>BillTo names someone and somewhere.</summary>
    public const string BillTo = "bill-to";

    /// <summary>An update or delete carries a DocumentReference and an orderVersion of 2 or more.</summary>
    public const string ChangeReference = "change-reference";

    /// <summary>A release references its agreement in the header or on every line.</summary>
    public const string ReleaseAgreement = "release-agreement";
}
