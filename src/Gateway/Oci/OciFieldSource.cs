using System.Globalization;
using Punchout.Protocols.Oci;
using Punchout.Validation.Carts;

namespace Punchout.Gateway.Oci;

/// <summary>Where each text field of an OCI return form takes its value from: the defaults below, over which a buyer's
/// <c>Oci:Fields</c> says otherwise (docs/oci.md).</summary>
/// <remarks>QUANTITY, PRICE, PRICEUNIT and CURRENCY always come from the checked cart (the ERP authorizes them) and
/// cannot be mapped; UNIT is the line's unit, translated by the buyer's <c>Oci:Units</c>.</remarks>
public static class OciFieldSource
{
    /// <summary>The fields the checked cart fills and no mapping may change.</summary>
    public static IReadOnlySet<string> Fixed { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "QUANTITY", "PRICE", "PRICEUNIT", "CURRENCY", "UNIT" };

    /// <summary>The sources of the text fields when the buyer names none.</summary>
    public static IReadOnlyDictionary<string, string> Defaults { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["DESCRIPTION"] = "description",
        ["LEADTIME"] = "leadTime",
        ["VENDORMAT"] = "supplierPartId",
        ["MANUFACTMAT"] = "manufacturerPartId",
        ["MATGROUP"] = "classification",
        ["EXT_PRODUCT_ID"] = "supplierPartId",
    };

    private static readonly string[] Plain = ["description", "supplierPartId", "auxiliaryId", "manufacturerPartId", "manufacturerName", "classification", "contract", "leadTime", "unit"];

    /// <summary>Why <paramref name="source"/> cannot fill <paramref name="field"/>; null when it can.</summary>
    public static string? Problem(string field, string source)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(source);
        if (Fixed.Contains(field))
        {
            return $"{field} comes from the checked cart and cannot be mapped.";
        }

        if (!IsFieldName(field))
        {
            return "not an OCI field name (letters, digits and '_', as after NEW_ITEM-).";
        }

        return source.Length == 0
            || Plain.Contains(source, StringComparer.OrdinalIgnoreCase)
            || (Prefixed(source, "classification:") is { Length: > 0 })
            || (Prefixed(source, "extrinsic:") is { Length: > 0 })
            || Prefixed(source, "const:") is not null
                ? null
                : $"'{source}' is no source; use one of {string.Join(", ", Plain)}, classification:DOMAIN, extrinsic:NAME, const:VALUE, or empty to leave the field out.";
    }

    /// <summary>The value of <paramref name="source"/> for <paramref name="line"/>; null when the line has none.</summary>
    public static string? Resolve(string source, PricedCartLine line)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(line);
        var cart = line.CartLine;
        if (Prefixed(source, "const:") is { } constant)
        {
            return constant;
        }

        if (Prefixed(source, "extrinsic:") is { } name)
        {
            return cart.Extrinsics?.GetValueOrDefault(name);
        }

        if (Prefixed(source, "classification:") is { } domain)
        {
            return ClassificationOf(line) is { } c && string.Equals(c.Domain, domain, StringComparison.OrdinalIgnoreCase) ? c.Code : null;
        }

        return source.ToUpperInvariant() switch
        {
            "DESCRIPTION" => cart.Description ?? line.Quote.Description ?? line.SupplierPartId,
            "SUPPLIERPARTID" => line.SupplierPartId,
            "AUXILIARYID" => cart.SupplierPartAuxiliaryId,
            "MANUFACTURERPARTID" => cart.ManufacturerPartId,
            "MANUFACTURERNAME" => cart.ManufacturerName,
            "CLASSIFICATION" => ClassificationOf(line)?.Code,
            "CONTRACT" => line.Quote.ContractId,
            "LEADTIME" => cart.LeadTimeDays?.ToString(CultureInfo.InvariantCulture),
            "UNIT" => line.Quote.UnitOfMeasure ?? cart.UnitOfMeasure,
            _ => null,
        };
    }

    /// <summary>Whether <paramref name="name"/> can follow NEW_ITEM- in a field name.</summary>
    public static bool IsFieldName(string name) => name.Length is > 0 and <= 40 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>Whether <paramref name="name"/> is one of OCI's own fields (not a customer extension).</summary>
    public static bool IsStandard(string name) => OciField.Named(name) is not null || string.Equals(name, "LONGTEXT", StringComparison.OrdinalIgnoreCase);

    private static CartClassification? ClassificationOf(PricedCartLine line) =>
        line.CartLine.Classification ?? (line.Quote.Classification is { } erp ? new CartClassification(erp.Domain, erp.Code) : null);

    private static string? Prefixed(string source, string prefix) =>
        source.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? source[prefix.Length..] : null;
}
