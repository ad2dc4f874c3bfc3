using Punchout.Gateway.Oci;
using Microsoft.Extensions.Options;
using Punchout.Protocols.Credentials;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Signatures;
using Punchout.Validation.Carts;

namespace Punchout.Gateway.Configuration;

/// <summary>Checks the configuration at start-up and reports every problem at once, each named by its key.</summary>
public sealed class GatewayOptionsValidator(IHostEnvironment environment) : IValidateOptions<GatewayOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.Buyers.Count == 0)
        {
            problems.Add("Buyers: no buyer is configured, so no procurement system can be served.");
        }

        for (var i = 0; i < options.Buyers.Count; i++)
        {
            ValidateBuyer($"Buyers:{i}", options.Buyers[i], problems);
            ValidateOrderStatus($"Buyers:{i}:Cxml:OrderStatus", options.Buyers[i].Cxml?.OrderStatus, environment.IsDevelopment(), problems);
        }

        foreach (var duplicate in options.Buyers.GroupBy(b => b.Id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"Buyers: the id '{duplicate.Key}' is used by {duplicate.Count()} buyers; ids must be unique.");
        }

        var claimed = options.Buyers
            .SelectMany(b => (b.Cxml?.Credentials ?? []).Select(c => (Buyer: b.Id, Key: Credential.PartyKey(c.Domain, c.Identity), c)))
            .GroupBy(x => x.Key, Credential.PartyKeyComparer)
            .Where(g => g.Select(x => x.Buyer).Distinct(StringComparer.OrdinalIgnoreCase).Count() > 1);
        foreach (var shared in claimed)
        {
            var first = shared.First().c;
            problems.Add($"Buyers: the credential {first.Domain}/{first.Identity} identifies both {string.Join(" and ", shared.Select(x => x.Buyer).Distinct())}; a credential must name one buyer.");
        }

        foreach (var shared in SharedErpAccounts(options.Buyers).Where(s => s.Undeclared.Count > 0))
        {
            problems.Add($"Buyers: {string.Join(" and ", shared.BuyerIds)} are all on ERP account '{shared.ErpAccount}', so each would see the others' contract prices and order on their account; "
                + $"give each its own ErpAccount, or, if they are one company, set SharedErpAccount to true on each (not set on {string.Join(", ", shared.Undeclared)}).");
        }

        if (!IsHttpUrl(options.Storefront.EntryUrl))
        {
            problems.Add("Storefront:EntryUrl: must be an absolute http(s) URL, where a started punchout sends the user.");
        }

        if (options.Storefront.SearchUrl is { Length: > 0 } searchUrl && (!IsHttpUrl(searchUrl) || !searchUrl.Contains("{query}", StringComparison.Ordinal)))
        {
            problems.Add("Storefront:SearchUrl: must be an absolute http(s) URL with {query} where the search string goes, when set.");
        }

        if (options.Storefront.ProductUrl is { Length: > 0 } productUrl && (!IsHttpUrl(productUrl) || !productUrl.Contains("{productId}", StringComparison.Ordinal)))
        {
            problems.Add("Storefront:ProductUrl: must be an absolute http(s) URL with {productId} where the product goes, when set.");
        }

        if (options.Storefront.ApiKeys.Count == 0 || options.Storefront.ApiKeys.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("Storefront:ApiKeys: at least one non-empty key is required for the storefront API.");
        }

        if (string.IsNullOrWhiteSpace(options.Admin.ApiKey))
        {
            problems.Add("Admin:ApiKey: a key is required for the support API.");
        }

        ValidateErpKeys(options, problems);
        ValidateSupplier(options, problems);

        if (!string.IsNullOrWhiteSpace(options.Gateway.PublicBaseUrl) && !IsHttpUrl(options.Gateway.PublicBaseUrl))
        {
            problems.Add("Gateway:PublicBaseUrl: must be an absolute http(s) URL when set.");
        }
        else if (string.IsNullOrWhiteSpace(options.Gateway.PublicBaseUrl) && !environment.IsDevelopment())
        {
            problems.Add("Gateway:PublicBaseUrl: required outside Development; otherwise the StartPage and return URLs would come from the request's Host header.");
        }

        if (options.Redis.KeyPrefix.IndexOfAny(['{', '}']) >= 0)
        {
            problems.Add("Redis:KeyPrefix: must not contain '{' or '}', which would change the keys' Redis Cluster hash tags.");
        }

        if (options.Cxml.MaxDocumentBytes < 1024)
        {
            problems.Add("Cxml:MaxDocumentBytes: must be at least 1024.");
        }

        ValidateDurations(options, problems);
        if (!string.IsNullOrWhiteSpace(options.Erp.BaseUrl) && !IsHttpUrl(options.Erp.BaseUrl))
        {
            problems.Add("Erp:BaseUrl: must be an absolute http(s) URL when set.");
        }
        else if (string.IsNullOrWhiteSpace(options.Erp.BaseUrl) && ErpDataPath.Resolve(options.Erp.DataPath, environment) is null)
        {
            problems.Add($"Erp:DataPath: the folder '{options.Erp.DataPath}' of the file-backed ERP does not exist (set Erp:BaseUrl for an HTTP ERP).");
        }

        if (options.Erp.RetryAttempts is < 0 or > 20)
        {
            problems.Add("Erp:RetryAttempts: must be between 0 and 20.");
        }

        ValidateCircuitBreaker(options.Erp, problems);

        if (options.Orders.ClaimIdleTime <= options.Erp.TotalTimeout + GatewayApp.ErpBodyAllowance)
        {
            problems.Add($"Orders:ClaimIdleTime: must exceed Erp:TotalTimeout ({options.Erp.TotalTimeout}) by more than {GatewayApp.ErpBodyAllowance.TotalSeconds} s, or a second worker takes over an order the first is still forwarding.");
        }

        ValidateOutbound(options.Outbound, problems);

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>The ERP accounts more than one buyer is on, letter case and surrounding white space ignored.</summary>
    public static IReadOnlyList<SharedErpAccount> SharedErpAccounts(IEnumerable<BuyerOptions> buyers) =>
        [.. buyers
            .Select((b, i) => (Buyer: b, Key: $"Buyers:{i}"))
            .Where(x => !string.IsNullOrWhiteSpace(x.Buyer.ErpAccount))
            .GroupBy(x => x.Buyer.ErpAccount.Trim(), StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => new SharedErpAccount(
                g.First().Buyer.ErpAccount.Trim(),
                [.. g.Select(x => x.Buyer.Id)],
                [.. g.Where(x => !x.Buyer.SharedErpAccount).Select(x => $"{x.Key} ({x.Buyer.Id})")]))];

    private static void ValidateBuyer(string key, BuyerOptions buyer, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(buyer.Id) || !buyer.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            problems.Add($"{key}:Id: required, and only letters, digits, '-', '_' and '.' (it appears in URLs, logs and metrics).");
        }

        if (string.IsNullOrWhiteSpace(buyer.ErpAccount))
        {
            problems.Add($"{key}:ErpAccount: required; prices and entitlements belong to the ERP account.");
        }

        if (buyer.PriceTolerance < 0)
        {
            problems.Add($"{key}:PriceTolerance: must be 0 or more (an amount per unit in the cart's currency).");
        }

        if (buyer.Cxml is null && buyer.Oci is null)
        {
            problems.Add($"{key}: needs Cxml (credentials and SharedSecret), Oci (user name, password, hook URLs), or both.");
        }

        if (buyer.Cxml is { } cxml)
        {
            ValidateCxml(key, cxml, problems);
        }

        if (buyer.Oci is { } oci)
        {
            ValidateOci($"{key}:Oci", oci, problems);
        }

        if (buyer.MixedCurrencies && buyer.Oci is null)
        {
            problems.Add($"{key}:MixedCurrencies: needs Oci; a cXML cart has one Total in one currency, so only OCI carts (a CURRENCY per item) can mix them.");
        }

        if (buyer.CreditCheck is not ("Off" or "Blocking" or "Async"))
        {
            problems.Add($"{key}:CreditCheck: must be Off, Blocking or Async, not '{buyer.CreditCheck}'.");
        }

        if (buyer.DefaultCurrency.Length != 3 || !buyer.DefaultCurrency.All(char.IsAsciiLetterUpper))
        {
            problems.Add($"{key}:DefaultCurrency: an ISO 4217 code such as USD, not '{buyer.DefaultCurrency}'.");
        }

        foreach (var (unit, code) in buyer.UnitCodes)
        {
            if (string.IsNullOrWhiteSpace(unit) || !UnitCodes.IsPlausibleCode(code?.Trim()))
            {
                problems.Add($"{key}:UnitCodes:{unit}: a UN/CEFACT Recommendation 20 code of 2 or 3 upper-case letters or digits (EA, BX, C62), not '{code}'.");
            }
        }
    }

    private static void ValidateCxml(string key, CxmlBuyerOptions cxml, List<string> problems)
    {
        if (cxml.Credentials.Count == 0 || cxml.Credentials.Any(c => string.IsNullOrWhiteSpace(c.Domain) || string.IsNullOrWhiteSpace(c.Identity)))
        {
            problems.Add($"{key}:Cxml:Credentials: at least one credential, each with a Domain and an Identity.");
        }

        var hasSecret = !string.IsNullOrEmpty(cxml.SharedSecret);
        var hasHash = !string.IsNullOrWhiteSpace(cxml.SharedSecretSha256);
        if (hasSecret == hasHash)
        {
            problems.Add($"{key}:Cxml:SharedSecret: set exactly one of SharedSecret and SharedSecretSha256.");
        }
        else if (hasHash)
        {
            try
            {
                SharedSecretHash.FromSha256Hex(cxml.SharedSecretSha256!);
            }
            catch (FormatException)
            {
                problems.Add($"{key}:Cxml:SharedSecretSha256: must be 64 hex digits.");
            }
        }

        if (CartFieldName.Of(cxml.CartEncoding) is null)
        {
            problems.Add($"{key}:Cxml:CartEncoding: must be 'base64' or 'urlencoded', not '{cxml.CartEncoding}'.");
        }

        if (cxml.AllowedReturnHosts.Count == 0)
        {
            problems.Add($"{key}:Cxml:AllowedReturnHosts: at least one host; a cart is only ever posted to a listed host.");
        }

        foreach (var bad in cxml.AllowedReturnHosts.Where(h => ReturnTarget.Parse(h) is null))
        {
            problems.Add($"{key}:Cxml:AllowedReturnHosts: '{bad}' is neither a host name nor an http(s) origin or URL prefix.");
        }

        ValidateSignature($"{key}:Cxml:Signature", cxml.Signature, problems);
    }

    private static void ValidateOci(string key, OciBuyerOptions oci, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(oci.Username))
        {
            problems.Add($"{key}:Username: required; the call-up must carry it.");
        }

        var hasPassword = !string.IsNullOrEmpty(oci.Password);
        var hasHash = !string.IsNullOrWhiteSpace(oci.PasswordSha256);
        if (hasPassword == hasHash)
        {
            problems.Add($"{key}:Password: set exactly one of Password and PasswordSha256.");
        }
        else if (hasHash && !IsSha256Hex(oci.PasswordSha256!))
        {
            problems.Add($"{key}:PasswordSha256: must be 64 hex digits.");
        }

        foreach (var (name, value) in new[] { ("UsernameParameter", oci.UsernameParameter), ("PasswordParameter", oci.PasswordParameter), ("HookUrlParameter", oci.HookUrlParameter) })
        {
            if (string.IsNullOrWhiteSpace(value) || value.StartsWith('~'))
            {
                problems.Add($"{key}:{name}: required, and not a '~' parameter (those are echoed back).");
            }
        }

        if (oci.AllowedHookUrls.Count == 0)
        {
            problems.Add($"{key}:AllowedHookUrls: at least one; a cart is only ever posted to a listed HOOK_URL.");
        }

        foreach (var bad in oci.AllowedHookUrls.Where(h => ReturnTarget.Parse(h) is null))
        {
            problems.Add($"{key}:AllowedHookUrls: '{bad}' is neither a host name nor an http(s) URL prefix.");
        }

        foreach (var (field, source) in oci.Fields)
        {
            if (OciFieldSource.Problem(field, source) is { } problem)
            {
                problems.Add($"{key}:Fields:{field}: {problem}");
            }
        }

        foreach (var (from, to) in oci.Units)
        {
            if (string.IsNullOrWhiteSpace(to) || to.Length > 3)
            {
                problems.Add($"{key}:Units:{from}: an ISO unit code of 1 to 3 characters, not '{to}'.");
            }
        }
    }

    private static bool IsSha256Hex(string text)
    {
        try
        {
            SharedSecretHash.FromSha256Hex(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static void ValidateSignature(string key, SignatureOptions signature, List<string> problems)
    {
        for (var i = 0; i < signature.TrustedCertificates.Count; i++)
        {
            using var certificate = TrustedCertificate.Parse(signature.TrustedCertificates[i]);
            if (certificate is null)
            {
                problems.Add($"{key}:TrustedCertificates:{i}: not a certificate; give base64 of its DER bytes, with or without the PEM armour.");
            }
        }

        if (signature.Required && signature.TrustedCertificates.Count == 0)
        {
            problems.Add($"{key}:TrustedCertificates: at least one certificate when {key}:Required is true, or no signature could ever be accepted.");
        }
    }

    private static void ValidateDurations(GatewayOptions options, List<string> problems)
    {
        (string Key, TimeSpan Value)[] durations =
        [
            ("Sessions:Ttl", options.Sessions.Ttl),
            ("Sessions:StartTokenTtl", options.Sessions.StartTokenTtl),
            ("Sessions:ReturnTokenTtl", options.Sessions.ReturnTokenTtl),
            ("Orders:IdempotencyRetention", options.Orders.IdempotencyRetention),
            ("Orders:PollInterval", options.Orders.PollInterval),
            ("Orders:ClaimIdleTime", options.Orders.ClaimIdleTime),
            ("Orders:ForwardingWindow", options.Orders.ForwardingWindow),
            ("Orders:EntitlementCheckTimeout", options.Orders.EntitlementCheckTimeout),
            ("Erp:AttemptTimeout", options.Erp.AttemptTimeout),
            ("Erp:TotalTimeout", options.Erp.TotalTimeout),
            ("Storefront:SearchTimeout", options.Storefront.SearchTimeout),
            ("Outbound:DeliveryWindow", options.Outbound.DeliveryWindow),
            ("Outbound:RetryBaseDelay", options.Outbound.RetryBaseDelay),
            ("Outbound:RetryMaxDelay", options.Outbound.RetryMaxDelay),
            ("Outbound:AttemptTimeout", options.Outbound.AttemptTimeout),
            ("Outbound:ClaimIdleTime", options.Outbound.ClaimIdleTime),
            ("Outbound:PollInterval", options.Outbound.PollInterval),
            ("Outbound:Retention", options.Outbound.Retention),
        ];
        problems.AddRange(durations.Where(d => d.Value <= TimeSpan.Zero).Select(d => $"{d.Key}: must be a positive duration."));
        if (options.Erp.RetryBaseDelay < TimeSpan.Zero)
        {
            problems.Add("Erp:RetryBaseDelay: must not be negative.");
        }
    }

    // Where a buyer takes order status documents: an absolute URL (https unless in Development, for the Sender
    // carries the buyer's SharedSecret) and that secret.
    private static void ValidateOrderStatus(string key, OrderStatusOptions? orderStatus, bool development, List<string> problems)
    {
        if (orderStatus is null || (string.IsNullOrWhiteSpace(orderStatus.Url) && string.IsNullOrEmpty(orderStatus.SharedSecret)))
        {
            return;
        }

        if (!Uri.TryCreate(orderStatus.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.UserInfo.Length > 0)
        {
            problems.Add($"{key}:Url: must be the buyer's absolute http(s) URL for ConfirmationRequest and ShipNoticeRequest, without user info.");
        }
        else if (url.Scheme != "https" && !development)
        {
            problems.Add($"{key}:Url: must be https outside Development: the documents carry the buyer's SharedSecret.");
        }

        if (string.IsNullOrEmpty(orderStatus.SharedSecret))
        {
            problems.Add($"{key}:SharedSecret: required with a Url; the buyer authenticates the supplier's documents by it.");
        }
    }

    // A key that opened two APIs would let the storefront (or anyone holding its key) report shipments.
    private static void ValidateErpKeys(GatewayOptions options, List<string> problems)
    {
        if (options.Erp.ApiKeys.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("Erp:ApiKeys: a key must not be empty.");
        }

        if (options.Erp.ApiKeys.Any(k => !string.IsNullOrWhiteSpace(k) && (options.Storefront.ApiKeys.Contains(k, StringComparer.Ordinal) || k == options.Admin.ApiKey)))
        {
            problems.Add("Erp:ApiKeys: a key is also a storefront or admin key; give the ERP keys of its own.");
        }
    }

    // The supplier's identity is written into every document sent to a buyer, and authenticates the supplier's own
    // systems relaying documents; it must never be mistaken for a buyer's.
    private static void ValidateSupplier(GatewayOptions options, List<string> problems)
    {
        var supplier = options.Gateway.Supplier;
        var sends = options.Buyers.Any(b => !string.IsNullOrWhiteSpace(b.Cxml?.OrderStatus?.Url));
        var hasSecret = !string.IsNullOrEmpty(supplier.SharedSecret);
        var hasHash = !string.IsNullOrWhiteSpace(supplier.SharedSecretSha256);
        if ((sends || hasSecret || hasHash) && supplier.Credentials.Count == 0)
        {
            problems.Add("Gateway:Supplier:Credentials: at least one credential (the supplier's ANID, DUNS, ...) is required once a buyer has a Cxml:OrderStatus:Url or a supplier SharedSecret is set: it is the From of the documents the gateway sends.");
        }

        if (supplier.Credentials.Any(c => string.IsNullOrWhiteSpace(c.Domain) || string.IsNullOrWhiteSpace(c.Identity)))
        {
            problems.Add("Gateway:Supplier:Credentials: each credential needs a Domain and an Identity.");
        }

        if (hasSecret && hasHash)
        {
            problems.Add("Gateway:Supplier:SharedSecret: set at most one of SharedSecret and SharedSecretSha256.");
        }
        else if (hasHash && !IsSha256Hex(supplier.SharedSecretSha256!))
        {
            problems.Add("Gateway:Supplier:SharedSecretSha256: must be 64 hex digits.");
        }

        var buyerParties = options.Buyers
            .SelectMany(b => (b.Cxml?.Credentials ?? []).Where(c => !string.IsNullOrWhiteSpace(c.Domain) && !string.IsNullOrWhiteSpace(c.Identity)).Select(c => (Buyer: b.Id, Key: Credential.PartyKey(c.Domain, c.Identity))))
            .ToLookup(x => x.Key, x => x.Buyer, Credential.PartyKeyComparer);
        foreach (var credential in supplier.Credentials.Where(c => !string.IsNullOrWhiteSpace(c.Domain) && !string.IsNullOrWhiteSpace(c.Identity)))
        {
            if (buyerParties[Credential.PartyKey(credential.Domain, credential.Identity)].FirstOrDefault() is { } buyer)
            {
                problems.Add($"Gateway:Supplier:Credentials: {credential.Domain}/{credential.Identity} is also a credential of buyer {buyer}; the supplier and a buyer must not share one.");
            }
        }
    }

    private static void ValidateOutbound(OutboundOptions outbound, List<string> problems)
    {
        if (outbound.RetryMaxDelay < outbound.RetryBaseDelay)
        {
            problems.Add($"Outbound:RetryMaxDelay: must not be below Outbound:RetryBaseDelay ({outbound.RetryBaseDelay}).");
        }

        if (outbound.ClaimIdleTime <= outbound.AttemptTimeout + TimeSpan.FromSeconds(1))
        {
            problems.Add($"Outbound:ClaimIdleTime: must exceed Outbound:AttemptTimeout ({outbound.AttemptTimeout}) by more than 1 s, or a second worker takes over a document the first is still delivering.");
        }

        if (outbound.Retention < outbound.DeliveryWindow)
        {
            problems.Add($"Outbound:Retention: must be at least Outbound:DeliveryWindow ({outbound.DeliveryWindow}), or a document could be forgotten while it is still being delivered.");
        }
    }

    // The bounds are Polly's own, which would otherwise fail the first ERP call rather than the start.
    private static void ValidateCircuitBreaker(ErpOptions erp, List<string> problems)
    {
        if (erp.BreakFailureRatio is not (> 0 and <= 1))
        {
            problems.Add("Erp:BreakFailureRatio: must be above 0 and at most 1.");
        }

        if (erp.BreakMinimumThroughput < 2)
        {
            problems.Add("Erp:BreakMinimumThroughput: must be at least 2.");
        }

        foreach (var (key, value) in new[] { ("Erp:BreakSamplingDuration", erp.BreakSamplingDuration), ("Erp:BreakDuration", erp.BreakDuration) })
        {
            if (value < TimeSpan.FromMilliseconds(500) || value > TimeSpan.FromDays(1))
            {
                problems.Add($"{key}: must be between 0.5 s and 1 day.");
            }
        }
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}

/// <summary>An ERP account several buyers are on.</summary>
/// <param name="ErpAccount">The account, as the first of them spells it.</param>
/// <param name="BuyerIds">The ids of the buyers on it, in configuration order.</param>
/// <param name="Undeclared">The buyers (key and id) that do not set <see cref="BuyerOptions.SharedErpAccount"/>.</param>
public sealed record SharedErpAccount(string ErpAccount, IReadOnlyList<string> BuyerIds, IReadOnlyList<string> Undeclared);

/// <summary>The form field a cart is posted in, by the buyer's configured encoding.</summary>
public static class CartFieldName
{
    /// <summary>Base64 of the document's bytes; safe for any text, preferred by Ariba.</summary>
    public const string Base64 = "cxml-base64";

    /// <summary>The document as an HTML-escaped attribute, ASCII only.</summary>
    public const string UrlEncoded = "cxml-urlencoded";

    /// <summary>The field for a configured encoding, or null when the encoding is unknown.</summary>
    public static string? Of(string? encoding) => encoding?.Trim().ToLowerInvariant() switch
    {
        "base64" => Base64,
        "urlencoded" => UrlEncoded,
        _ => null,
    };
}

/// <summary>Finds the file-backed ERP's folder.</summary>
public static class ErpDataPath
{
    /// <summary>An absolute path as given; a relative one under the content root, else beside the executable; null if neither exists.</summary>
    public static string? Resolve(string path, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (Path.IsPathRooted(path))
        {
            return Directory.Exists(path) ? path : null;
        }

        return new[] { environment.ContentRootPath, AppContext.BaseDirectory }
            .Select(root => Path.GetFullPath(Path.Combine(root, path)))
            .FirstOrDefault(Directory.Exists);
    }
}
