using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Protocols.Credentials;
using Punchout.Protocols.Cxml;

namespace Punchout.Gateway.Cxml;

/// <summary>Authenticates a document from the supplier's own systems (a ConfirmationRequest or ShipNoticeRequest to
/// relay): From must name the supplier (<c>Gateway:Supplier:Credentials</c>), the Sender must carry the supplier's
/// SharedSecret (<c>Gateway:Supplier:SharedSecret</c> or its SHA-256), and To must name exactly one configured buyer,
/// the one the document is for.</summary>
/// <remarks>The secret is compared in constant time, and a document that fails before the comparison still costs one,
/// so timing does not tell which check failed. With no supplier secret configured every such document is refused. A
/// CredentialMac is not accepted here: the supplier's systems hold the secret itself. Failures name the reason, never
/// the secret.</remarks>
public sealed class SupplierAuthenticator(BuyerDirectory buyers, IOptions<GatewayOptions> options)
{
    private static readonly SharedSecretHash Decoy = SharedSecretHash.FromSecret(Guid.NewGuid().ToString("N"));

    private readonly SharedSecretHash? secret = SecretOf(options.Value.Gateway.Supplier);
    private readonly HashSet<string> supplier = new(
        options.Value.Gateway.Supplier.Credentials.Select(c => Credential.PartyKey(c.Domain, c.Identity)),
        Credential.PartyKeyComparer);

    /// <summary>Authenticates <paramref name="document"/>; the buyer is the one its To names.</summary>
    public CxmlAuthentication Authenticate(CxmlEnvelope document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Header is not { } header)
        {
            return new CxmlAuthentication(null, "the document has no Header");
        }

        var presented = header.Sender.Credentials.Select(c => c.SharedSecret).FirstOrDefault(s => s is not null);
        var failure = secret is null ? "no supplier SharedSecret is configured (Gateway:Supplier:SharedSecret), so the supplier's systems cannot be authenticated"
            : header.From.Count == 0 || !header.From.All(c => supplier.Contains(c.Party)) ? "the From credentials are not the supplier's (Gateway:Supplier:Credentials)"
            : null;
        var candidates = buyers.FindByCredentials(header.To);
        if (failure is null && candidates.Count != 1)
        {
            failure = candidates.Count == 0 ? "the To credentials name no configured buyer" : "the To credentials name several buyers";
        }

        var claimed = candidates.Count == 1 ? candidates[0].Id : null;
        if (failure is not null)
        {
            Decoy.Matches(presented);
            return new CxmlAuthentication(null, failure, claimed);
        }

        return secret!.Matches(presented)
            ? new CxmlAuthentication(candidates[0], null, claimed)
            : new CxmlAuthentication(null, presented is null ? "the Sender carries no SharedSecret" : "the Sender's SharedSecret is not the supplier's", claimed);
    }

    private static SharedSecretHash? SecretOf(SupplierOptions supplier) =>
        !string.IsNullOrEmpty(supplier.SharedSecret) ? SharedSecretHash.FromSecret(supplier.SharedSecret)
        : !string.IsNullOrWhiteSpace(supplier.SharedSecretSha256) ? SharedSecretHash.FromSha256Hex(supplier.SharedSecretSha256)
        : null;
}
