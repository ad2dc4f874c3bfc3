using Punchout.Validation.Carts;

namespace Punchout.Gateway.Configuration;

/// <summary>The whole configuration of the gateway, bound from appsettings.json and environment variables.</summary>
/// <remarks>Validated at start-up by <see cref="GatewayOptionsValidator"/>: a bad configuration stops the gateway with every problem named by its key.</remarks>
public sealed class GatewayOptions
{
    /// <summary>The buyers' procurement systems allowed in (<c>Buyers</c>).</summary>
    public List<BuyerOptions> Buyers { get; set; } = [];

    /// <summary>The supplier's storefront (<c>Storefront</c>).</summary>
    public StorefrontOptions Storefront { get; set; } = new();

    /// <summary>Support access (<c>Admin</c>).</summary>
    public AdminOptions Admin { get; set; } = new();

    /// <summary>The support console at <c>/console</c> (<c>Console</c>).</summary>
    public SupportConsoleOptions Console { get; set; } = new();

    /// <summary>The public face of the gateway (<c>Gateway</c>).</summary>
    public HostOptions Gateway { get; set; } = new();

    /// <summary>cXML intake limits (<c>Cxml</c>).</summary>
    public CxmlOptions Cxml { get; set; } = new();

    /// <summary>Punchout session lifetimes (<c>Sessions</c>).</summary>
    public SessionOptions Sessions { get; set; } = new();

    /// <summary>Order intake and forwarding (<c>Orders</c>).</summary>
    public OrderOptions Orders { get; set; } = new();

    /// <summary>The ERP (<c>Erp</c>).</summary>
    public ErpOptions Erp { get; set; } = new();

    /// <summary>Redis key layout (<c>Redis</c>); the connection is <c>ConnectionStrings:Redis</c>.</summary>
    public RedisOptions Redis { get; set; } = new();
}

/// <summary>One buyer: how its procurement system is recognised and what its ERP account is.</summary>
public sealed class BuyerOptions
{
    /// <summary>The buyer's id in URLs, logs and metrics.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The buyer's name, shown to people.</summary>
    public string? Name { get; set; }

    /// <summary>The buyer's account in the ERP, which prices and entitlements belong to.</summary>
    public string ErpAccount { get; set; } = string.Empty;

    /// <summary>Whether this buyer knowingly shares its <see cref="ErpAccount"/> with other buyers (default false).</summary>
    /// <remarks>Two buyers on one account see one company's contract prices and order on one account; start-up refuses
    /// that unless every one of them sets this, and logs the sharing when they do.</remarks>
    public bool SharedErpAccount { get; set; }

    /// <summary>How the buyer's procurement system speaks cXML; a buyer has this, <see cref="Oci"/>, or both.</summary>
    public CxmlBuyerOptions? Cxml { get; set; }

    /// <summary>How the buyer's SAP system calls the catalog through OCI (<c>/oci/{Id}</c>).</summary>
    public OciBuyerOptions? Oci { get; set; }

    /// <summary>What happens to a cart line whose price is not the contract's: <c>Reject</c> (the default) or <c>UseErpPrice</c>.</summary>
    public PriceMismatchPolicy PriceMismatch { get; set; } = PriceMismatchPolicy.Reject;

    /// <summary>How far, per unit and in the cart's currency, the storefront's price may be from the contract's under
    /// <c>Reject</c> and still pass, at the contract's price (rounding in the storefront). Default 0.</summary>
    public decimal PriceTolerance { get; set; }

    /// <summary>The ERP credit check: <c>Off</c> (the default), <c>Blocking</c> (checked when the cart is returned
    /// and on a new or changed OrderRequest; a hold, an over-limit or no answer refuses) or <c>Async</c> (carts and
    /// OrderRequests pass; the order worker checks a new or changed order before forwarding it, parks it in
    /// <c>credit-hold</c> on a hold or an over-limit, and retries it like an ERP outage when the check cannot answer).</summary>
    public string CreditCheck { get; set; } = "Off";

    /// <summary>Whether the lines of a cart returned through OCI may be in other currencies than the cart's (default
    /// false: one currency per cart, a line in another refused as <c>mixed-currencies</c>). Each currency is then
    /// priced in one quote and credit-checked on its own total. Needs <see cref="Oci"/>: the buyer's cXML carts stay in
    /// one currency, for a PunchOutOrderMessage has one Total.</summary>
    public bool MixedCurrencies { get; set; }

    /// <summary>The currency of a cart returned empty, when nothing else tells it. Default USD.</summary>
    public string DefaultCurrency { get; set; } = "USD";

    /// <summary>The storefront's units and their UN/CEFACT Recommendation 20 codes (<c>PCS</c> → <c>EA</c>,
    /// <c>STK</c> → <c>EA</c>), matched in any letter case. A cart line's unit is turned into its code before the ERP
    /// prices it, and the cart goes back with the code; a unit neither here nor shaped like a code (2 or 3 upper-case
    /// letters or digits) is refused as <c>invalid-line</c>.</summary>
    public Dictionary<string, string> UnitCodes { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>A buyer's cXML identity and preferences.</summary>
public sealed class CxmlBuyerOptions
{
    /// <summary>The From credentials that identify the buyer; the domain matches in any letter case.</summary>
    public List<CredentialOptions> Credentials { get; set; } = [];

    /// <summary>The SharedSecret the Sender must present; never logged. Or set <see cref="SharedSecretSha256"/>.</summary>
    public string? SharedSecret { get; set; }

    /// <summary>The hex SHA-256 of the SharedSecret's UTF-8 bytes, so that the secret itself need not be configured.</summary>
    public string? SharedSecretSha256 { get; set; }

    /// <summary>How the cart is posted back: <c>base64</c> (<c>cxml-base64</c>) or <c>urlencoded</c> (<c>cxml-urlencoded</c>).</summary>
    public string CartEncoding { get; set; } = "base64";

    /// <summary>Where a BrowserFormPost URL may point; a cart is never posted anywhere else. A bare host
    /// (<c>s1.ariba.com</c>) allows https on it; an origin (<c>http://127.0.0.1</c>, <c>https://host:8443</c>) allows
    /// that scheme, and that port when one is given.</summary>
    public List<string> AllowedReturnHosts { get; set; } = [];

    /// <summary>Whether the buyer's documents must be signed, and by which certificates (<c>Signature</c>).</summary>
    public SignatureOptions Signature { get; set; } = new();
}

/// <summary>A buyer's OCI call-up and return form (PROTOCOLS.md §10).</summary>
public sealed class OciBuyerOptions
{
    /// <summary>The catalog user name the call-up must carry.</summary>
    public string Username { get; set; } = string.Empty;

    /// <summary>The catalog password; never logged. Or set <see cref="PasswordSha256"/>.</summary>
    public string? Password { get; set; }

    /// <summary>The hex SHA-256 of the password's UTF-8 bytes, so that the password itself need not be configured.</summary>
    public string? PasswordSha256 { get; set; }

    /// <summary>The call-up parameter that carries the user name. Default USERNAME.</summary>
    public string UsernameParameter { get; set; } = "USERNAME";

    /// <summary>The call-up parameter that carries the password. Default PASSWORD.</summary>
    public string PasswordParameter { get; set; } = "PASSWORD";

    /// <summary>The call-up parameter that carries the return URL. Default HOOK_URL (R/3 used MM_HOOK_URL).</summary>
    public string HookUrlParameter { get; set; } = "HOOK_URL";

    /// <summary>Where a HOOK_URL may point: a host (https on it), an origin (<c>http://127.0.0.1</c>: that scheme,
    /// and that port when given), optionally with a path the URL must lie under (<c>https://srm.example/sap/bc/</c>).
    /// A cart is never posted anywhere else.</summary>
    public List<string> AllowedHookUrls { get; set; } = [];

    /// <summary>Where OCI fields take their values from, over the defaults (docs/oci.md): the field name after
    /// NEW_ITEM- as key, a source as value (<c>description</c>, <c>supplierPartId</c>, <c>classification:UNSPSC</c>,
    /// <c>extrinsic:CostCenter</c>, <c>const:100042</c>, ...), or an empty value to leave the field out.</summary>
    public Dictionary<string, string> Fields { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The buyer's ISO unit codes for the storefront's UN/CEFACT ones, where they differ (<c>EA</c> → <c>PCE</c>).</summary>
    public Dictionary<string, string> Units { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>XML signatures (PROTOCOLS.md §9) on a buyer's cXML documents.</summary>
/// <remarks>A signed document is verified whenever certificates are trusted; an unsigned one is refused (475) only
/// when <see cref="Required"/>.</remarks>
public sealed class SignatureOptions
{
    /// <summary>Whether every document must carry a signature; unsigned ones get Status 475. Default false.</summary>
    public bool Required { get; set; }

    /// <summary>The certificates the buyer signs with, each as base64 of its DER bytes, PEM armour
    /// (<c>-----BEGIN CERTIFICATE-----</c>) optional. A signature by any other certificate gets Status 477.</summary>
    public List<string> TrustedCertificates { get; set; } = [];
}

/// <summary>A credential (domain and identity).</summary>
public sealed class CredentialOptions
{
    /// <summary>NetworkID, DUNS, or a private domain.</summary>
    public string Domain { get; set; } = string.Empty;

    /// <summary>The identity in that domain.</summary>
    public string Identity { get; set; } = string.Empty;
}

/// <summary>The supplier's storefront.</summary>
public sealed class StorefrontOptions
{
    /// <summary>Where a started punchout sends the user; <c>punchout_session</c> is added to its query.</summary>
    public string EntryUrl { get; set; } = string.Empty;

    /// <summary>Keys the storefront presents in <c>X-Api-Key</c>; several, so that one can be rotated.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>A product's page, for OCI FUNCTION=DETAIL: <c>{productId}</c> is replaced by the escaped product id.
    /// Default: the entry URL with a <c>product</c> parameter.</summary>
    public string? ProductUrl { get; set; }

    /// <summary>The storefront's product search, for OCI FUNCTION=BACKGROUND_SEARCH and VALIDATE: <c>{query}</c> is
    /// replaced by the escaped search string; it answers JSON (docs/oci-functions.md). Default: the items.json of
    /// <c>Erp:DataPath</c> is searched.</summary>
    public string? SearchUrl { get; set; }

    /// <summary>A search at <see cref="SearchUrl"/> may take this long, its one retry included. Default 10 s.</summary>
    public TimeSpan SearchTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Support access to the order API.</summary>
public sealed class AdminOptions
{
    /// <summary>The key support presents in <c>X-Api-Key</c>.</summary>
    public string ApiKey { get; set; } = string.Empty;
}

/// <summary>The support console: signed in with the admin key.</summary>
public sealed class SupportConsoleOptions
{
    /// <summary>Whether the built-in sandbox storefront (<c>/sandbox/storefront</c>, a catalog page over the ERP's items
    /// at the ERP's prices) is on; the console's punchout tester then shops there instead of the configured storefront.
    /// Default false; on in the embedded default (Development).</summary>
    public bool Sandbox { get; set; }
}

/// <summary>The public face of the gateway.</summary>
public sealed class HostOptions
{
    /// <summary>The base of the URLs handed to browsers (StartPage, returnUrl); the request's own when empty.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The UserAgent written in the Sender of documents the gateway sends.</summary>
    public string UserAgent { get; set; } = "Punchout Gateway";
}

/// <summary>Limits on cXML intake.</summary>
public sealed class CxmlOptions
{
    /// <summary>The largest document accepted, in bytes; larger ones get Status 499. Default 4 MiB.</summary>
    public int MaxDocumentBytes { get; set; } = 4 * 1024 * 1024;
}

/// <summary>Punchout session lifetimes.</summary>
public sealed class SessionOptions
{
    /// <summary>A session lives this long after its last use. Default 2 hours.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A StartPage URL works once, within this time. Default 5 minutes.</summary>
    public TimeSpan StartTokenTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A returnUrl works once, within this time. Default 15 minutes.</summary>
    public TimeSpan ReturnTokenTtl { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>Order intake and forwarding.</summary>
public sealed class OrderOptions
{
    /// <summary>How long a payloadID is remembered, so a resent order gets its first answer. Default 7 days.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often an idle worker looks for new orders. Default 250 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>An order a worker has held this long without finishing is taken over by another, or by itself: a crashed
    /// worker's orders move on. Must exceed <c>Erp:TotalTimeout</c>. Default 5 minutes.</summary>
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>After the ERP could not take an order, the next attempt waits about this long, each later one twice as
    /// long up to <see cref="RetryMaxDelay"/>, each cut to a random 50 to 100 %. Default 30 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two attempts to forward an order. Default 15 minutes.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an order the ERP cannot take (down, 5xx, timeouts) is tried again before it is dead-lettered.
    /// Default 24 hours, the span buyers' own resends cover.</summary>
    public TimeSpan ForwardingWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The ERP's entitlement check of an incoming OrderRequest may take this long, retries included (it is
    /// also bounded by <c>Erp:TotalTimeout</c>); after it the order is answered 560 and the buyer resends it later.
    /// Default 30 s, well inside the 60 s in which Coupa wants an OrderRequest answered.</summary>
    public TimeSpan EntitlementCheckTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The ERP: HTTP when <see cref="BaseUrl"/> is set, else the file-backed ERP over <see cref="DataPath"/>.</summary>
public sealed class ErpOptions
{
    /// <summary>The ERP's or middleware's base URL (the contract of docs/erp-contract.md).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The folder of the file-backed ERP's data; relative to the content root or the executable.</summary>
    public string DataPath { get; set; } = "samples/erp";

    /// <summary>One HTTP attempt may take this long. Default 10 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>All attempts of one call together may take this long. Default 60 s.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of a transient failure (5xx, 408, 429, timeout, refused connection). Default 4.</summary>
    public int RetryAttempts { get; set; } = 4;

    /// <summary>The first retry waits about this long, each next one twice as long, with jitter. Default 1 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The circuit opens when at least this share (0 to 1) of the attempts in
    /// <see cref="BreakSamplingDuration"/> failed transiently. Default 0.5.</summary>
    public double BreakFailureRatio { get; set; } = 0.5;

    /// <summary>The circuit opens only after at least this many attempts in <see cref="BreakSamplingDuration"/>. Default 10.</summary>
    public int BreakMinimumThroughput { get; set; } = 10;

    /// <summary>The window over which failed attempts are counted. Default 30 s.</summary>
    public TimeSpan BreakSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An open circuit refuses every call this long, then lets one through to probe the ERP. Default 30 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Redis key layout.</summary>
public sealed class RedisOptions
{
    /// <summary>Every key starts with this, so several gateways can share one Redis. Default <c>punchout:</c>.</summary>
    public string KeyPrefix { get; set; } = "punchout:";
}
