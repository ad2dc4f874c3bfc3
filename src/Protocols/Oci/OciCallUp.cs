using System.Globalization;

namespace Punchout.Protocols.Oci;

/// <summary>The parameter names a catalog chose for the buyer's credentials and the hook URL.</summary>
/// <param name="Username">The user name's parameter; OCI 3.0's example is USERNAME.</param>
/// <param name="Password">The password's parameter; PASSWORD in the example.</param>
/// <param name="HookUrl">The return URL's parameter: HOOK_URL, or MM_HOOK_URL on R/3.</param>
public sealed record OciCallUpNames(string Username = "USERNAME", string Password = "PASSWORD", string HookUrl = "HOOK_URL");

/// <summary>An OCI call-up (PROTOCOLS.md §10): what the buyer's SAP system sends when the user opens the catalog.</summary>
/// <remarks>The password never prints: <see cref="ToString"/> leaves it out.</remarks>
public sealed record OciCallUp
{
    /// <summary>The catalog user name.</summary>
    public string? Username { get; init; }

    /// <summary>The catalog password; never logged or shown.</summary>
    public string? Password { get; init; }

    /// <summary>Where the cart goes back, as sent (query string included).</summary>
    public string? HookUrl { get; init; }

    /// <summary>The frame the return form targets: <c>returntarget</c> (OCI 4/5), else <c>~TARGET</c>, else <c>_top</c>.</summary>
    public string Target { get; init; } = "_top";

    /// <summary>The <c>~</c> parameters (<c>~OkCode</c>, <c>~TARGET</c>, <c>~CALLER</c>, ...), echoed back as hidden
    /// fields of the return form, in the order and spelling they came.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Echo { get; init; } = [];

    /// <summary><c>OCI_VERSION</c>, e.g. 4.0 or 5.0.</summary>
    public string? OciVersion { get; init; }

    /// <summary><c>OPI_VERSION</c>.</summary>
    public string? OpiVersion { get; init; }

    /// <summary><c>http_content_charset</c>: the encoding the return page and its form use (e.g. iso-8859-1).</summary>
    public string? Charset { get; init; }

    /// <summary><c>FUNCTION</c> in upper case (DETAIL, VALIDATE, SOURCING, BACKGROUND_SEARCH, ...); null for a plain call-up.</summary>
    public string? Function { get; init; }

    /// <summary><c>PRODUCTID</c> of DETAIL and VALIDATE: an earlier EXT_PRODUCT_ID.</summary>
    public string? ProductId { get; init; }

    /// <summary><c>QUANTITY</c> of VALIDATE, as sent.</summary>
    public string? Quantity { get; init; }

    /// <summary><c>SEARCHSTRING</c> of BACKGROUND_SEARCH and SOURCING.</summary>
    public string? SearchString { get; init; }

    /// <summary><c>VENDOR</c> of SOURCING.</summary>
    public string? Vendor { get; init; }

    /// <summary>Every other parameter (catalog-specific ones such as REQTYPE), as sent.</summary>
    public IReadOnlyDictionary<string, string> Other { get; init; } = new Dictionary<string, string>();

    /// <summary>The OCI major version from <see cref="OciVersion"/>: 4 when absent or unreadable (OCI 3.0 and 4.0 buyers
    /// take the same fields), 5 for 5.x.</summary>
    public int MajorVersion =>
        decimal.TryParse(OciVersion, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var version) && version >= 5 ? 5 : 4;

    /// <summary>Everything but the password.</summary>
    public override string ToString() =>
        $"OciCallUp {{ Username = {Username}, HookUrl = {HookUrl}, Target = {Target}, OciVersion = {OciVersion}, Function = {Function}, ProductId = {ProductId}, SearchString = {SearchString} }}";

    /// <summary>Reads a call-up from its parameters (query string or form), names in any letter case.</summary>
    public static OciCallUp Read(IEnumerable<KeyValuePair<string, string>> parameters, OciCallUpNames names)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(names);
        var echo = new List<KeyValuePair<string, string>>();
        var other = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var known = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string[] knownNames = [names.Username, names.Password, names.HookUrl, "returntarget", "OCI_VERSION", "OPI_VERSION", "http_content_charset", "FUNCTION", "PRODUCTID", "QUANTITY", "SEARCHSTRING", "VENDOR"];
        foreach (var (name, value) in parameters)
        {
            if (name.StartsWith('~'))
            {
                echo.Add(new(name, value));
            }
            else if (knownNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                known.TryAdd(name, value);
            }
            else
            {
                other.TryAdd(name, value);
            }
        }

        string? Get(string name) => known.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        var tildeTarget = echo.FirstOrDefault(e => string.Equals(e.Key, "~TARGET", StringComparison.OrdinalIgnoreCase)).Value;
        return new OciCallUp
        {
            Username = Get(names.Username),
            Password = Get(names.Password),
            HookUrl = Get(names.HookUrl),
            Target = Get("returntarget") ?? (string.IsNullOrEmpty(tildeTarget) ? "_top" : tildeTarget),
            Echo = echo,
            OciVersion = Get("OCI_VERSION"),
            OpiVersion = Get("OPI_VERSION"),
            Charset = Get("http_content_charset"),
            Function = Get("FUNCTION")?.Trim().ToUpperInvariant(),
            ProductId = Get("PRODUCTID"),
            Quantity = Get("QUANTITY"),
            SearchString = Get("SEARCHSTRING"),
            Vendor = Get("VENDOR"),
            Other = other,
        };
    }
}
