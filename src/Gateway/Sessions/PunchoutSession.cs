using Punchout.Protocols.Cxml;

namespace Punchout.Gateway.Sessions;

/// <summary>Where a punchout session is in its life.</summary>
public enum SessionState
{
    /// <summary>Set up by the procurement system; the browser has not arrived yet.</summary>
    Created,

    /// <summary>The browser used the start link and is at the storefront.</summary>
    Started,

    /// <summary>A cart was accepted and handed back.</summary>
    Returned,

    /// <summary>The storefront ended the session with an empty cart.</summary>
    Cancelled,
}

/// <summary>A punchout session: who the buyer is, where the cart goes back, and what the storefront needs to know.</summary>
/// <remarks>Holds no secret: credentials are kept as domain and identity only.</remarks>
public sealed record PunchoutSession
{
    /// <summary>The session id the storefront uses.</summary>
    public required string Id { get; init; }

    /// <summary>The configured buyer.</summary>
    public required string BuyerId { get; init; }

    /// <summary><c>cxml</c> or <c>oci</c>.</summary>
    public required string Protocol { get; init; }

    /// <summary>create, edit, inspect.</summary>
    public required string Operation { get; init; }

    /// <summary>Echoed unchanged in the PunchOutOrderMessage.</summary>
    public required string BuyerCookie { get; init; }

    /// <summary>Where the cart is posted (BrowserFormPost URL); checked against the buyer's allowed hosts.</summary>
    public required string ReturnUrl { get; init; }

    /// <summary>The payloadID of the setup request, carried in every log line of the session.</summary>
    public required string SetupPayloadId { get; init; }

    /// <summary>Whether the procurement system is in test mode.</summary>
    public DeploymentMode DeploymentMode { get; init; }

    /// <summary>The locale of the setup request.</summary>
    public string Lang { get; init; } = "en-US";

    /// <summary>The buyer's From credentials (To of the PunchOutOrderMessage).</summary>
    public IReadOnlyList<PartyCredential> BuyerCredentials { get; init; } = [];

    /// <summary>The supplier's credentials the buyer addressed (From of the PunchOutOrderMessage).</summary>
    public IReadOnlyList<PartyCredential> SupplierCredentials { get; init; } = [];

    /// <summary>The user shopping, as far as the procurement system told.</summary>
    public SessionUser? User { get; init; }

    /// <summary>Ship-to address, for pricing and lead times.</summary>
    public Address? ShipTo { get; init; }

    /// <summary>The item the user started from.</summary>
    public ItemId? SelectedItem { get; init; }

    /// <summary>The cart on edit and inspect.</summary>
    public IReadOnlyList<SessionItem> Items { get; init; } = [];

    /// <summary>What an OCI call-up said about the return form; null for cXML sessions.</summary>
    public OciSession? Oci { get; init; }

    /// <summary>The setup request's Extrinsics by name.</summary>
    public IReadOnlyDictionary<string, string> Extrinsics { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the session is in its life.</summary>
    public SessionState State { get; init; }

    /// <summary>When the session was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A credential without its secret.</summary>
public sealed record PartyCredential(string Domain, string Identity);

/// <summary>The user shopping.</summary>
public sealed record SessionUser(string? Name, string? Email, string? UniqueName);

/// <summary>What an OCI session keeps from its call-up for the return form.</summary>
/// <param name="HookUrl">The HOOK_URL as sent, query string included (also the session's ReturnUrl).</param>
/// <param name="Target">The frame the form targets.</param>
/// <param name="Echo">The call-up's <c>~</c> parameters, echoed as hidden fields.</param>
/// <param name="Charset">The encoding of the return page and its form (<c>http_content_charset</c>); UTF-8 when null.</param>
/// <param name="Version">The OCI major version (4 or 5), which decides the fields sent.</param>
public sealed record OciSession(string HookUrl, string Target, IReadOnlyList<KeyValuePair<string, string>> Echo, string? Charset, int Version);

/// <summary>A field of the form the return page posts.</summary>
public sealed record FormField(string Name, string Value);

/// <summary>A line of the cart being edited or inspected.</summary>
public sealed record SessionItem(decimal Quantity, string SupplierPartId, string? SupplierPartAuxiliaryId, decimal? UnitPrice, string? Currency, string? UnitOfMeasure, string? Description);

/// <summary>A cart waiting for the browser to fetch its return page.</summary>
public sealed record PendingReturn
{
    /// <summary>The session it ends.</summary>
    public required string SessionId { get; init; }

    /// <summary>The buyer.</summary>
    public required string BuyerId { get; init; }

    /// <summary>The setup payloadID, for logs.</summary>
    public required string SetupPayloadId { get; init; }

    /// <summary>The form's action: the BrowserFormPost URL, or the HOOK_URL without its query.</summary>
    public required string FormUrl { get; init; }

    /// <summary>The form's fields: the one cXML field (<c>cxml-base64</c> or <c>cxml-urlencoded</c>), or the OCI fields.</summary>
    public required IReadOnlyList<FormField> Fields { get; init; }

    /// <summary>The frame the form targets; the page's own when null.</summary>
    public string? Target { get; init; }

    /// <summary>The encoding the page and its form use; UTF-8 when null.</summary>
    public string? Charset { get; init; }
}
