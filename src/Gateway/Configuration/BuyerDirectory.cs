using Microsoft.Extensions.Options;
using Punchout.Protocols.Credentials;
using Punchout.Protocols.Cxml;

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

    /// <summary>The SharedSecret to check, as a hash.</summary>
    public required SharedSecretHash SharedSecret { get; init; }

    /// <summary>The form field the cart is posted in.</summary>
    public required string CartField { get; init; }

    /// <summary>Hosts a BrowserFormPost URL may point to.</summary>
    public required IReadOnlyList<string> AllowedReturnHosts { get; init; }

    /// <summary>Whether a cart may be posted to <paramref name="url"/>: an absolute http(s) URL on a listed host.</summary>
    public bool AllowsReturnTo(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && AllowedReturnHosts.Any(h => string.Equals(h.Trim(), uri.Host, StringComparison.OrdinalIgnoreCase));
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
            .Where(b => b.Cxml is not null)
            .Select(b => new Buyer
            {
                Id = b.Id,
                Name = b.Name ?? b.Id,
                ErpAccount = b.ErpAccount,
                Credentials = b.Cxml!.Credentials,
                SharedSecret = string.IsNullOrEmpty(b.Cxml.SharedSecret)
                    ? SharedSecretHash.FromSha256Hex(b.Cxml.SharedSecretSha256!)
                    : SharedSecretHash.FromSecret(b.Cxml.SharedSecret),
                CartField = CartFieldName.Of(b.Cxml.CartEncoding) ?? CartFieldName.Base64,
                AllowedReturnHosts = b.Cxml.AllowedReturnHosts,
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

    /// <summary>Every buyer.</summary>
    public IEnumerable<Buyer> All => byId.Values;

    /// <summary>The buyer with this id.</summary>
    public Buyer? Find(string id) => byId.GetValueOrDefault(id);

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
