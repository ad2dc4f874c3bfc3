using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Punchout.Protocols.Credentials;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Signatures;
using Punchout.Validation.Carts;

namespace Punchout.Gateway.Configuration;

/// <summary>A configured buyer, ready for authentication.</summary>
public sealed class Buyer
{
    /// <summary>The buyer's id in URLs, logs and metrics.</summary>
    public required string Id { get; init; }

    /// <summary>The buyer's name for people.</summary>
    public required string Name { get; init; }

    /// <summary>The buyer's ERP account.</summary>
    public required string ErpAccount { get; init; }

    /// <summary>The From credentials that identify the buyer.</summary>
    public required IReadOnlyList<CredentialOptions> Credentials { get; init; }

    /// <summary>The SharedSecret to check, as a hash; null for a buyer without cXML (it has no From credentials either,
    /// so no document ever names it).</summary>
    public SharedSecretHash? SharedSecret { get; init; }

    /// <summary>The SharedSecret itself, the key that verifies a CredentialMac; null when only its SHA-256 is configured.</summary>
    /// <remarks>Never logged: it prints as a mask.</remarks>
    public SharedSecret? MacKey { get; init; }

    /// <summary>Whether every document must be signed.</summary>
    public bool SignatureRequired { get; init; }

    /// <summary>The certificates the buyer signs with; signed documents are verified when there is at least one.</summary>
    public IReadOnlyList<X509Certificate2> TrustedCertificates { get; init; } = [];

    /// <summary>The form field the cart is posted in.</summary>
    public required string CartField { get; init; }

    /// <summary>Where a BrowserFormPost URL may point.</summary>
    public required IReadOnlyList<ReturnTarget> AllowedReturnTargets { get; init; }

    /// <summary>What happens to a line whose price is not the contract's.</summary>
    public required PriceMismatchPolicy PriceMismatch { get; init; }

    /// <summary>How far a storefront price may be from the contract's and still pass, at the contract's price.</summary>
    public decimal PriceTolerance { get; init; }

    /// <summary>The currency of a cart returned empty.</summary>
    public required string DefaultCurrency { get; init; }

    /// <summary>Whether the ERP's credit check must pass before a cart is returned or an order is taken (<c>Blocking</c>).</summary>
    public bool CreditBlocking { get; init; }

    /// <summary>Whether the order worker checks the ERP's credit before forwarding an order, parking it in
    /// <c>credit-hold</c> when the ERP refuses (<c>Async</c>); carts and OrderRequests pass unchecked.</summary>
    public bool CreditAsync { get; init; }

    /// <summary>The storefront's units and their UN/CEFACT codes, applied to cart lines before the ERP prices them.</summary>
    public UnitCodes UnitCodes { get; init; } = UnitCodes.None;

    /// <summary>Whether an OCI cart may hold lines in several currencies (each OCI item has its own CURRENCY); a cXML
    /// cart never does, for a PunchOutOrderMessage has one Total in one currency.</summary>
    public bool MixedCurrencies { get; init; }

    /// <summary>How the buyer calls the catalog through OCI; null when it does not.</summary>
    public OciBuyer? Oci { get; init; }

    /// <summary>Whether a cart may be posted to <paramref name="url"/>: an absolute URL that a listed target allows.</summary>
    public bool AllowsReturnTo(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && AllowedReturnTargets.Any(t => t.Allows(uri));
}

/// <summary>A place a cart may be posted to: a scheme, a host, and a port or any port.</summary>
public sealed record ReturnTarget(string Scheme, string Host, int? Port, string PathPrefix = "/")
{
    /// <summary>A bare host (https on any port of it) or an http(s) origin (its scheme, and its port when given),
    /// optionally with a path that URLs must start with (<c>https://srm.example/sap/bc/</c>); null when it is neither.</summary>
    public static ReturnTarget? Parse(string? text)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var isOrigin = value.Contains("://", StringComparison.Ordinal);
        if (!isOrigin && Uri.CheckHostName(value) is not (UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6))
        {
            return null;
        }

        var candidate = isOrigin ? value : $"https://{(Uri.CheckHostName(value) == UriHostNameType.IPv6 ? $"[{value}]" : value)}";
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var origin) || origin.Scheme is not ("http" or "https")
            || origin.Query.Length > 0 || origin.Fragment.Length > 0 || origin.UserInfo.Length > 0
            || (isOrigin && candidate.TrimEnd('/').EndsWith('#')) || candidate.Contains("/..", StringComparison.Ordinal) || candidate.Contains("/./", StringComparison.Ordinal))
        {
            return null;
        }

        var authority = candidate[(candidate.IndexOf("://", StringComparison.Ordinal) + 3)..].Split('/')[0];
        var portGiven = isOrigin && authority.LastIndexOf(':') > authority.LastIndexOf(']');
        return new ReturnTarget(origin.Scheme, origin.Host, portGiven ? origin.Port : null, origin.AbsolutePath);
    }

    /// <summary>Whether <paramref name="url"/> is on this target: same scheme and host, the port when one is given,
    /// and a path that is the prefix or lies under it (<c>/sap/bc</c> allows <c>/sap/bc/hook</c>, not <c>/sap/bcx</c>).</summary>
    public bool Allows(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.UserInfo.Length == 0
            && string.Equals(url.Scheme, Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(url.Host, Host, StringComparison.OrdinalIgnoreCase)
            && (Port is null || url.Port == Port)
            && UnderPrefix(url.AbsolutePath);
    }

    private bool UnderPrefix(string path) =>
        PathPrefix == "/"
        || string.Equals(path, PathPrefix, StringComparison.Ordinal)
        || (path.StartsWith(PathPrefix, StringComparison.Ordinal) && (PathPrefix.EndsWith('/') || path[PathPrefix.Length] == '/'));
}

/// <summary>The configured buyers, found by id or by the From credentials of a document.</summary>
public sealed class BuyerDirectory
{
    private readonly Dictionary<string, Buyer> byId;
    private readonly Dictionary<string, Buyer> byCredential;

    /// <summary>Builds the directory from validated options.</summary>
    public BuyerDirectory(IOptions<GatewayOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        byId = options.Value.Buyers
            .Select(b => new Buyer
            {
                Id = b.Id,
                Name = b.Name ?? b.Id,
                ErpAccount = b.ErpAccount,
                Credentials = b.Cxml?.Credentials ?? [],
                SharedSecret = b.Cxml is not { } cxml ? null
                    : string.IsNullOrEmpty(cxml.SharedSecret) ? SharedSecretHash.FromSha256Hex(cxml.SharedSecretSha256!)
                    : SharedSecretHash.FromSecret(cxml.SharedSecret),
                MacKey = string.IsNullOrEmpty(b.Cxml?.SharedSecret) ? null : new SharedSecret(b.Cxml.SharedSecret),
                SignatureRequired = b.Cxml?.Signature.Required ?? false,
                TrustedCertificates = [.. (b.Cxml?.Signature.TrustedCertificates ?? []).Select(TrustedCertificate.Parse).OfType<X509Certificate2>()],
                CartField = CartFieldName.Of(b.Cxml?.CartEncoding ?? "base64") ?? CartFieldName.Base64,
                AllowedReturnTargets = [.. (b.Cxml?.AllowedReturnHosts ?? []).Select(ReturnTarget.Parse).OfType<ReturnTarget>()],
                PriceMismatch = b.PriceMismatch,
                PriceTolerance = b.PriceTolerance,
                DefaultCurrency = b.DefaultCurrency,
                CreditBlocking = b.CreditCheck == "Blocking",
                CreditAsync = b.CreditCheck == "Async",
                UnitCodes = new UnitCodes(b.UnitCodes),
                MixedCurrencies = b.MixedCurrencies,
                Oci = b.Oci is { } oci ? OciBuyer.From(oci) : null,
            })
            .ToDictionary(b => b.Id, StringComparer.OrdinalIgnoreCase);

        // The validator refuses a credential claimed by two buyers, so each key names one buyer.
        byCredential = new Dictionary<string, Buyer>(Credential.PartyKeyComparer);
        foreach (var buyer in byId.Values)
        {
            foreach (var credential in buyer.Credentials)
            {
                byCredential.TryAdd(Credential.PartyKey(credential.Domain, credential.Identity), buyer);
            }
        }
    }

    /// <summary>The buyer with this id.</summary>
    public Buyer? Find(string id) => byId.GetValueOrDefault(id);

    /// <summary>Every configured buyer, by id.</summary>
    public IEnumerable<Buyer> All => byId.Values.OrderBy(b => b.Id, StringComparer.Ordinal);

    /// <summary>The buyers any of <paramref name="from"/> names, domains and identities compared in any letter case;
    /// more than one means the document is ambiguous.</summary>
    public IReadOnlyList<Buyer> FindByCredentials(IReadOnlyList<Credential> from)
    {
        ArgumentNullException.ThrowIfNull(from);
        var found = new List<Buyer>(1);
        foreach (var credential in from)
        {
            if (byCredential.TryGetValue(credential.Party, out var buyer) && !found.Contains(buyer))
            {
                found.Add(buyer);
            }
        }

        return found;
    }
}
