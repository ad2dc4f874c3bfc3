using System.Globalization;
using System.Text;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.PunchOut;
using Punchout.Gateway.Sessions;
using Punchout.Protocols.Oci;
using Punchout.Validation.Carts;

namespace Punchout.Gateway.Oci;

/// <summary>Turns a checked cart into the fields of an OCI return form: one <see cref="OciItem"/> per line at the
/// ERP's price, text fields from the buyer's mapping, and the hidden fields the HOOK_URL's query and the call-up's
/// <c>~</c> parameters require.</summary>
public static class OciCartBuilder
{
    /// <summary>The form fields for <paramref name="check"/>, or the problems that keep the cart from being sent as OCI.</summary>
    public static OciFormResult Fields(CartCheckResult check, OciBuyer buyer, OciSession session)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(buyer);
        ArgumentNullException.ThrowIfNull(session);
        var problems = new List<OciFieldProblem>();
        var items = check.Lines.Select((line, i) => ItemOf(line, i + 1, buyer, problems)).ToList();
        var encoding = PageEncoding.Of(session.Charset) ?? Encoding.UTF8;
        var form = OciForm.Write(items, session.Version, text => ReturnPage.Encodable(text, encoding));
        return new OciFormResult([.. Hidden(session), .. form.Fields], [.. problems, .. form.Problems]);
    }

    /// <summary>The fields of a form that returns nothing: the user left the catalog without a cart.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Empty(OciSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Hidden(session);
    }

    /// <summary>The HOOK_URL without its query string: the form's action (PROTOCOLS.md §10).</summary>
    public static string Action(string hookUrl)
    {
        ArgumentNullException.ThrowIfNull(hookUrl);
        var uri = new Uri(hookUrl);
        return uri.GetLeftPart(UriPartial.Path);
    }

    /// <summary>The parameters of <paramref name="hookUrl"/>'s query, in order and as written (a name without <c>=</c>
    /// gets an empty value), decoded as a form decodes them.</summary>
    public static List<KeyValuePair<string, string>> QueryOf(string hookUrl)
    {
        ArgumentNullException.ThrowIfNull(hookUrl);
        var query = new Uri(hookUrl).Query.TrimStart('?');
        return [.. query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
            return new KeyValuePair<string, string>(Decode(name), Decode(value));
        })];
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    // The HOOK_URL's own query parameters, then the call-up's ~ parameters, as hidden fields.
    private static List<KeyValuePair<string, string>> Hidden(OciSession session)
    {
        var fields = QueryOf(session.HookUrl);
        fields.AddRange(session.Echo);
        return fields;
    }

    // LEADTIME is days, a whole number: anything else the mapping yields is a problem, not a silent omission.
    private static int? LeadTimeOf(string? text, int n, List<OciFieldProblem> problems)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days))
        {
            return days;
        }

        problems.Add(new(n, "LEADTIME", $"LEADTIME of line {n} is '{text}'; OCI takes a whole number of days."));
        return null;
    }

    private static OciItem ItemOf(PricedCartLine line, int n, OciBuyer buyer, List<OciFieldProblem> problems)
    {
        string? Text(string field) => buyer.SourceOf(field) is { Length: > 0 } source ? OciFieldSource.Resolve(source, line) : null;

        var basis = line.Quote.PriceBasisQuantity;
        if (basis != decimal.Truncate(basis) || basis < 1 || basis > 99999)
        {
            problems.Add(new(n, "PRICEUNIT", $"Line {n} is priced per {basis.ToString(CultureInfo.InvariantCulture)} units; OCI's PRICEUNIT takes a whole number from 1 to 99999."));
        }

        var unit = line.Quote.UnitOfMeasure ?? line.CartLine.UnitOfMeasure;
        var extensions = buyer.Fields.Keys.Where(f => !OciFieldSource.IsStandard(f))
            .Select(f => (Field: f, Value: Text(f)))
            .Where(f => !string.IsNullOrEmpty(f.Value))
            .ToDictionary(f => f.Field.ToUpperInvariant(), f => f.Value!, StringComparer.Ordinal);
        return OciItem.FromText(Text) with
        {
            Quantity = line.CartLine.Quantity,
            Unit = unit is null ? null : buyer.Units.GetValueOrDefault(unit, unit),
            Price = line.UnitPrice,
            Currency = line.Currency,
            PriceUnit = basis != decimal.Truncate(basis) || basis < 1 || basis > 99999 ? null : (int)basis,
            LeadTime = LeadTimeOf(Text("LEADTIME"), n, problems),
            Extensions = extensions,
        };
    }
}
