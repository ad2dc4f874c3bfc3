using System.Xml;
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
        RuleFor(l => l).Must(l => TextsOf(l).All(IsXmlText)).WithMessage("The line holds a control character that a cXML document cannot carry.");
    }

    private static IEnumerable<string?> TextsOf(CartLine line) =>
        new[] { line.SupplierPartId, line.SupplierPartAuxiliaryId, line.UnitOfMeasure, line.Description, line.ManufacturerPartId, line.ManufacturerName, line.Classification?.Domain, line.Classification?.Code }
            .Concat((line.Extrinsics ?? new Dictionary<string, string>()).SelectMany(x => new[] { x.Key, x.Value }));

    // Characters XML 1.0 allows, with surrogates only in pairs; anything else would make the writer throw.
    private static bool IsXmlText(string? text)
    {
        if (text is null)
        {
            return true;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                i++;
            }
            else if (!XmlConvert.IsXmlChar(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
