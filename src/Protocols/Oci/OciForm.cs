using System.Globalization;
using System.Text.RegularExpressions;

namespace Punchout.Protocols.Oci;

/// <summary>A field of an OCI form that cannot be written or read as it is.</summary>
/// <param name="Item">The 1-based line.</param>
/// <param name="Field">The field's name after <c>NEW_ITEM-</c>.</param>
/// <param name="Message">What is wrong, for a person.</param>
public sealed record OciFieldProblem(int Item, string Field, string Message);

/// <summary>The fields of an OCI form, in order, or what stops them from being written.</summary>
public sealed record OciFormResult(IReadOnlyList<KeyValuePair<string, string>> Fields, IReadOnlyList<OciFieldProblem> Problems);

/// <summary>The lines of an OCI form read back, with what could not be read.</summary>
public sealed record OciReadResult(IReadOnlyList<OciItem> Items, IReadOnlyList<OciFieldProblem> Problems);

/// <summary>Writes and reads the <c>NEW_ITEM-&lt;FIELD&gt;[n]</c> fields of the OCI return form (PROTOCOLS.md §10).</summary>
/// <remarks>
/// Written strictly: every length of §10 is kept; numbers have at most 11 integer and 3 decimal digits, <c>.</c> as the
/// decimal point and no thousands separator; a description over 40 characters is cut and sent whole as long text.
/// A value that would have to be cut anywhere else (a part number, a contract) or rounded (a price) is a problem,
/// never silently changed. Read leniently: field names in any letter case, the long text as
/// <c>LONGTEXT_n:132[]</c> or <c>LONGTEXT[n]</c>, numbers with leading zeros, unknown fields kept as extensions.
/// </remarks>
public static partial class OciForm
{
    private const decimal MaxNumber = 99_999_999_999.999m;

    /// <summary>The form fields of <paramref name="items"/> for a buyer on OCI <paramref name="version"/> (4 or 5;
    /// fields of a later version are left out).</summary>
    /// <param name="items">The lines.</param>
    /// <param name="version">The buyer's OCI major version.</param>
    /// <param name="asSent">How a text reaches the buyer, e.g. with the characters its charset cannot carry as
    /// <c>&amp;#8364;</c>: lengths are those of the text as sent, and a cut never splits a character reference.</param>
    public static OciFormResult Write(IReadOnlyList<OciItem> items, int version = 5, Func<string, string>? asSent = null)
    {
        asSent ??= text => text;
        ArgumentNullException.ThrowIfNull(items);
        var fields = new List<KeyValuePair<string, string>>();
        var problems = new List<OciFieldProblem>();
        for (var i = 0; i < items.Count; i++)
        {
            var n = i + 1;
            var item = items[i];
            Require(item, n, problems);
            var longText = item.LongText is { } given ? asSent(given) : null;
            foreach (var field in OciField.All.Where(f => f.SinceVersion <= version))
            {
                var value = ValueOf(item, field.Name);
                if (string.IsNullOrEmpty(value))
                {
                    continue;
                }

                value = field.Kind == OciFieldKind.Text ? asSent(value) : value;

                if (field.Kind == OciFieldKind.Text && value.Length > field.Length)
                {
                    if (field == OciField.Description)
                    {
                        longText = string.IsNullOrEmpty(longText) ? value : $"{value}\n{longText}";
                        value = CutAt(value, field.Length);
                    }
                    else
                    {
                        problems.Add(new(n, field.Name, $"{field.Name} of line {n} has {value.Length} characters; OCI allows {field.Length}, and it cannot be cut without changing what it names."));
                        continue;
                    }
                }

                if (field.Kind != OciFieldKind.Text && value.Length > field.Length)
                {
                    problems.Add(new(n, field.Name, $"{field.Name} of line {n} is {value}, longer than the {field.Length} characters OCI allows."));
                    continue;
                }

                fields.Add(new($"NEW_ITEM-{field.Name}[{n}]", value));
            }

            foreach (var (name, value) in item.Extensions)
            {
                fields.Add(new($"NEW_ITEM-{name}[{n}]", asSent(value)));
            }

            if (!string.IsNullOrEmpty(longText))
            {
                fields.Add(new($"NEW_ITEM-LONGTEXT_{n}:132[]", longText));
            }

            CheckNumbers(item, n, problems);
        }

        return new(fields, problems);
    }

    /// <summary>The lines of an OCI form's fields (other fields are ignored).</summary>
    public static OciReadResult Read(IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var lines = new SortedDictionary<int, Dictionary<string, string>>();
        foreach (var (name, value) in fields)
        {
            var match = FieldName().Match(name);
            if (!match.Success)
            {
                continue;
            }

            var n = int.Parse(match.Groups["longN"].Success ? match.Groups["longN"].Value : match.Groups["n"].Value, CultureInfo.InvariantCulture);
            var field = match.Groups["longN"].Success ? "LONGTEXT" : match.Groups["field"].Value.ToUpperInvariant();
            if (!lines.TryGetValue(n, out var line))
            {
                lines[n] = line = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            line[field] = line.TryGetValue(field, out var earlier) && field == "LONGTEXT" ? earlier + value : value;
        }

        var problems = new List<OciFieldProblem>();
        var items = lines.Select(line => ItemOf(line.Key, line.Value, problems)).ToList();
        return new(items, problems);
    }

    // NEW_ITEM-FIELD[n], NEW_ITEM-LONGTEXT_n:132[] (n in the name), and NEW_ITEM-LONGTEXT[n].
    [GeneratedRegex(@"^NEW_ITEM-(?:LONGTEXT_(?<longN>\d{1,4}):132\[\]|(?<field>[A-Z0-9_]+)\[(?<n>\d{1,4})\])$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FieldName();

    private static string? ValueOf(OciItem item, string field) => field switch
    {
        "DESCRIPTION" => item.Description,
        "MATNR" => item.Matnr,
        "QUANTITY" => Number(item.Quantity),
        "UNIT" => item.Unit,
        "PRICE" => item.Price is { } price ? Number(price) : null,
        "CURRENCY" => item.Currency,
        "PRICEUNIT" => item.PriceUnit?.ToString(CultureInfo.InvariantCulture),
        "LEADTIME" => item.LeadTime?.ToString(CultureInfo.InvariantCulture),
        "VENDOR" => item.Vendor,
        "VENDORMAT" => item.VendorMat,
        "MANUFACTCODE" => item.ManufactCode,
        "MANUFACTMAT" => item.ManufactMat,
        "MATGROUP" => item.MatGroup,
        "SERVICE" => item.Service ? "X" : null,
        "CONTRACT" => item.Contract,
        "CONTRACT_ITEM" => item.ContractItem,
        "EXT_QUOTE_ID" => item.ExtQuoteId,
        "EXT_QUOTE_ITEM" => item.ExtQuoteItem,
        "EXT_PRODUCT_ID" => item.ExtProductId,
        "ATTACHMENT" => item.Attachment,
        "ATTACHMENT_TITLE" => item.AttachmentTitle,
        "ATTACHMENT_PURPOSE" => item.AttachmentPurpose,
        "EXT_SCHEMA_TYPE" => item.ExtSchemaType,
        "EXT_CATEGORY_ID" => item.ExtCategoryId,
        "EXT_CATEGORY" => item.ExtCategory,
        "SLD_SYS_NAME" => item.SldSysName,
        "CUST_FIELD1" => item.CustField1,
        "CUST_FIELD2" => item.CustField2,
        "CUST_FIELD3" => item.CustField3,
        "CUST_FIELD4" => item.CustField4,
        "CUST_FIELD5" => item.CustField5,
        "PARENT_ID" => item.ParentId,
        "ITEM_TYPE" => item.ItemType,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not an OCI field."),
    };

    private static OciItem ItemOf(int n, Dictionary<string, string> line, List<OciFieldProblem> problems)
    {
        string? Text(string field) => line.Remove(field, out var value) && value.Length > 0 ? value : null;
        decimal? Decimal(string field)
        {
            if (Text(field) is not { } text)
            {
                return null;
            }

            if (decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            problems.Add(new(n, field, $"{field} of line {n} is '{text}', not a number with '.' as the decimal point."));
            return null;
        }

        int? Whole(string field) => Decimal(field) is { } value && value == decimal.Truncate(value) && value <= int.MaxValue ? (int)value : null;

        // The numbers first: they take their fields out of the line, so Text below does not see them.
        var quantity = Decimal("QUANTITY") ?? 0m;
        var price = Decimal("PRICE");
        var priceUnit = Whole("PRICEUNIT");
        var leadTime = Whole("LEADTIME");
        var item = OciItem.FromText(Text) with { Quantity = quantity, Price = price, PriceUnit = priceUnit, LeadTime = leadTime };
        return item with { Extensions = line.Where(f => f.Value.Length > 0).ToDictionary(StringComparer.Ordinal) };
    }

    private static void Require(OciItem item, int n, List<OciFieldProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(item.Description) && string.IsNullOrWhiteSpace(item.Matnr))
        {
            problems.Add(new(n, "DESCRIPTION", $"Line {n} needs a DESCRIPTION (or the buyer's MATNR)."));
        }

        if (string.IsNullOrWhiteSpace(item.Unit) && string.IsNullOrWhiteSpace(item.Matnr))
        {
            problems.Add(new(n, "UNIT", $"Line {n} needs a UNIT (or the buyer's MATNR)."));
        }

        if (item.Price is not null && string.IsNullOrWhiteSpace(item.Currency))
        {
            problems.Add(new(n, "CURRENCY", $"Line {n} has a PRICE but no CURRENCY."));
        }
    }

    private static void CheckNumbers(OciItem item, int n, List<OciFieldProblem> problems)
    {
        foreach (var (field, value) in new[] { ("QUANTITY", (decimal?)item.Quantity), ("PRICE", item.Price) })
        {
            if (value is not { } number)
            {
                continue;
            }

            if (number < 0 || number > MaxNumber)
            {
                problems.Add(new(n, field, $"{field} of line {n} is {number.ToString(CultureInfo.InvariantCulture)}; OCI takes 0 to {MaxNumber.ToString(CultureInfo.InvariantCulture)}."));
            }
            else if (number != decimal.Round(number, 3))
            {
                problems.Add(new(n, field, $"{field} of line {n} is {number.ToString(CultureInfo.InvariantCulture)}; OCI takes at most 3 decimals, and it is not rounded silently."));
            }
        }

        if (item.Quantity <= 0)
        {
            problems.Add(new(n, "QUANTITY", $"Line {n} needs a QUANTITY above 0."));
        }
    }

    // The first characters of a text, never half of a surrogate pair nor part of a character reference (&#8364;): what
    // straddles the limit is left out whole.
    private static string CutAt(string text, int length)
    {
        var cut = char.IsHighSurrogate(text[length - 1]) ? length - 1 : length;
        var reference = text.LastIndexOf('&', cut - 1);
        if (reference >= 0 && text.AsSpan(reference).StartsWith("&#") && text.IndexOf(';', reference) is var end and >= 0 && end >= cut)
        {
            cut = reference;
        }

        return text[..cut];
    }

    // At most 3 decimals, '.' as the point, no thousands separator, no trailing zeros beyond the value's own.
    private static string Number(decimal value) => decimal.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);
}
