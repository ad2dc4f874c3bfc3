using Punchout.Gateway.Configuration;
using Punchout.Protocols.Credentials;
using Punchout.Protocols.Cxml;

namespace Punchout.Gateway.Cxml;

/// <summary>The outcome of authenticating a document: the buyer, or why not (for the log, never for the answer).</summary>
/// <param name="Buyer">The authenticated buyer; null when authentication failed.</param>
/// <param name="Failure">Why it failed.</param>
/// <param name="ClaimedBuyerId">The configured buyer the From credentials name, even when the secret was wrong; for logs and metrics.</param>
public sealed record CxmlAuthentication(Buyer? Buyer, string? Failure, string? ClaimedBuyerId = null);

/// <summary>Identifies the buyer by the From credentials and authenticates the Sender's SharedSecret, or the
/// CredentialMac a hub hands out in its place.</summary>
/// <remarks>The buyer is found by From (domains in any letter case), never by Sender: a hub such as Ariba rewrites
/// Sender. A From that names the buyer but also another identity in one of the buyer's domains, or one domain twice
/// with different identities, is refused. The secret is compared in constant time, and even an unknown buyer costs one comparison, so timing does not
/// tell a wrong secret from an unknown buyer. A CredentialMac is verified with the buyer's configured SharedSecret over
/// each From credential that is the buyer's, and must be valid now by <paramref name="clock"/>; a buyer configured with
/// SharedSecretSha256 only cannot verify one. Failures name the reason, never the secret or the MAC.</remarks>
public sealed class CxmlAuthenticator(BuyerDirectory buyers, TimeProvider clock)
{
    private static readonly SharedSecretHash Decoy = SharedSecretHash.FromSecret(Guid.NewGuid().ToString("N"));

    /// <summary>Authenticates <paramref name="document"/>.</summary>
    public CxmlAuthentication Authenticate(CxmlEnvelope document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Header is not { } header)
        {
            return new CxmlAuthentication(null, "the document has no Header");
        }

        var presented = header.Sender.Credentials.Select(c => c.SharedSecret).FirstOrDefault(s => s is not null);
        var candidates = buyers.FindByCredentials(header.From);
        if (candidates.Count != 1)
        {
            Decoy.Matches(presented);
            return new CxmlAuthentication(null, candidates.Count == 0 ? "no configured buyer has these From credentials" : "the From credentials name several buyers");
        }

        var buyer = candidates[0];
        if (Conflict(header.From, buyer) is { } conflict)
        {
            Decoy.Matches(presented);
            return new CxmlAuthentication(null, conflict, buyer.Id);
        }

        if (presented is not null)
        {
            return buyer.SharedSecret is { } secret && secret.Matches(presented)
                ? new CxmlAuthentication(buyer, null, buyer.Id)
                : new CxmlAuthentication(null, "the Sender's SharedSecret is wrong", buyer.Id);
        }

        return header.Sender.Credentials.FirstOrDefault(c => c.Mac is not null) is { } macSender
            ? AuthenticateMac(header.From, macSender, buyer)
            : new CxmlAuthentication(null, "the Sender carries no SharedSecret", buyer.Id);
    }

    private CxmlAuthentication AuthenticateMac(IReadOnlyList<Credential> from, Credential sender, Buyer buyer)
    {
        if (buyer.MacKey is not { } key)
        {
            return new CxmlAuthentication(null, "the Sender carries a CredentialMac, but the buyer's secret is configured only as SharedSecretSha256, which cannot verify a MAC", buyer.Id);
        }

        // The value is right for one of the buyer's From credentials when any outcome is other than WrongValue.
        var status = from.Where(c => buyer.Credentials.Any(k => Credential.PartyKeyComparer.Equals(Credential.PartyKey(k.Domain, k.Identity), c.Party)))
            .Select(c => CredentialMacs.Verify(sender.Mac!, c, sender, key, clock))
            .OrderBy(s => s == CredentialMacStatus.Valid ? 0 : s == CredentialMacStatus.WrongValue ? 2 : 1)
            .DefaultIfEmpty(CredentialMacStatus.WrongValue)
            .First();
        return status == CredentialMacStatus.Valid
            ? new CxmlAuthentication(buyer, null, buyer.Id)
            : new CxmlAuthentication(null, $"the Sender's CredentialMac is refused: {Describe(status)}", buyer.Id);
    }

    private static string Describe(CredentialMacStatus status) => status switch
    {
        CredentialMacStatus.WrongValue => "its value is not the MAC of these credentials and dates under the buyer's SharedSecret",
        CredentialMacStatus.NotYetValid => "its creationDate is not yet reached",
        CredentialMacStatus.Expired => "its expirationDate is past",
        CredentialMacStatus.Unsupported => "its type or algorithm is not FromSenderCredentials / HMAC-SHA1-96",
        _ => "its creationDate or expirationDate is not a date",
    };

    // Why the From credentials contradict each other or the buyer; null when they agree. Plain loops: a From carries
    // one to three credentials, and this runs on every request.
    private static string? Conflict(IReadOnlyList<Credential> from, Buyer buyer)
    {
        for (var i = 0; i < from.Count; i++)
        {
            for (var j = i + 1; j < from.Count; j++)
            {
                if (SameDomain(from[i].Domain, from[j].Domain) && !Credential.PartyKeyComparer.Equals(from[i].Party, from[j].Party))
                {
                    return $"the From credentials name two identities in the domain {from[i].Domain.Trim()}";
                }
            }
        }

        foreach (var credential in from)
        {
            var party = credential.Party;
            var inBuyersDomain = false;
            var buyersIdentity = false;
            foreach (var known in buyer.Credentials)
            {
                inBuyersDomain |= SameDomain(known.Domain, credential.Domain);
                buyersIdentity |= Credential.PartyKeyComparer.Equals(Credential.PartyKey(known.Domain, known.Identity), party);
            }

            if (inBuyersDomain && !buyersIdentity)
            {
                return $"the From credential {credential.Domain}/{credential.Identity} is not the buyer's identity in that domain";
            }
        }

        return null;
    }

    private static bool SameDomain(string left, string right) => left.AsSpan().Trim().Equals(right.AsSpan().Trim(), StringComparison.OrdinalIgnoreCase);
}
