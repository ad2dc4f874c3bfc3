using FluentValidation;

namespace Punchout.Validation.Carts;

/// <summary>The shape every cart line must have before the ERP is asked about it.</summary>
public sealed class CartLineValidator : AbstractValidator<CartLine>
{
    /// <summary>Declares the rules.</summary>
    public CartLineValidator()
    {
        RuleFor(l => l.SupplierPartId).NotEmpty().WithMessage("supplierPartId is required.");
        RuleFor(l => l.Quantity).GreaterThan(0).WithMessage("quantity must be greater than zero.");
        RuleFor(l => l.UnitPrice).GreaterThanOrEqualTo(0).WithMessage("unitPrice must not be negative.");
        RuleFor(l => l.UnitOfMeasure).NotEmpty().WithMessage("unitOfMeasure is required (a UN/CEFACT code such as EA).");
        RuleFor(l => l.LeadTimeDays).GreaterThanOrEqualTo(0).When(l => l.LeadTimeDays is not null).WithMessage("leadTimeDays must not be negative.");
    }
}
