using System.Globalization;
using FluentValidation;
using Punchout.Protocols.Cxml.Orders;

namespace Punchout.Validation.Orders;

/// <summary>The rules an OrderRequest must meet before it is accepted for the ERP; every broken rule is reported.</summary>
/// <remarks>A document that breaks one can never succeed, so it is answered with Status 400 and nothing is stored.</remarks>
public sealed class OrderRequestValidator : AbstractValidator<OrderRequest>
{
    /// <summary>Declares the rules.</summary>
    public OrderRequestValidator()
    {
        RuleFor(o => o.Header.OrderId).NotEmpty().WithMessage("OrderRequestHeader@orderID is empty.");
        RuleFor(o => o.Header.OrderVersion).GreaterThanOrEqualTo(1).WithMessage("OrderRequestHeader@orderVersion must be 1 or more.");
        RuleFor(o => o.Header.Total.Amount).GreaterThanOrEqualTo(0).WithMessage("The order Total must not be negative.");
        RuleFor(o => o.Items)
            .Must(items => items.Select(i => i.LineNumber).Distinct().Count() == items.Count)
            .WithMessage(o => $"ItemOut lineNumbers repeat: {string.Join(", ", o.Items.GroupBy(i => i.LineNumber).Where(g => g.Count() > 1).Select(g => g.Key.ToString(CultureInfo.InvariantCulture)))}.");
        RuleForEach(o => o.Items).ChildRules(item =>
        {
            item.RuleFor(i => i.LineNumber).GreaterThan(0).WithMessage(i => $"ItemOut {i.LineNumber}: lineNumber must be 1 or more.");
            item.RuleFor(i => i.Quantity).GreaterThan(0).WithMessage(i => $"ItemOut {i.LineNumber}: quantity must be greater than zero.");
        });
        RuleForEach(o => o.Items)
            .Must((order, item) => item.ItemDetail is null || string.Equals(item.ItemDetail.UnitPrice.Currency, order.Header.Total.Currency, StringComparison.OrdinalIgnoreCase))
            .WithMessage((order, item) => $"ItemOut {item.LineNumber}: priced in {item.ItemDetail!.UnitPrice.Currency}, the order Total in {order.Header.Total.Currency}.");
    }
}
