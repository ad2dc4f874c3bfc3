using Punchout.Gateway.Configuration;
using Punchout.Protocols.Credentials;
using Punchout.Protocols.Cxml;

namespace Punchout.Gateway.Cxml;

/// <summary>The outcome of authenticating a document: the buyer, or why not (for the log, never for the answer).</summary>
/// <param name="Buyer">The authenticated buyer; null when authentication failed.</param>
/// <param name="Failure">Why it failed.</param>
/// <param name="ClaimedBuyerId">The configured buyer the From credentials name, even when the secret was wrong; for logs and metrics.</param>
public sealed record CxmlAuthentication(Buyer? Buyer, string? Failure, string? ClaimedBuyerId = null);

/// <summary>Identifies the buyer by the From credentials and authenticates the Sender's SharedSecret.</summary>
/// <remarks>The buyer is found by From (domains in any letter case), never by Sender: a hub such as Ariba rewrites
/// Sender. A From that names the buyer but also another identity in one of the buyer's domains, or one domain twice
/// with different identities, is refused. The secret is compared in constant time, and even an unknown buyer costs one comparison, so timing does not
/// tell a wrong secret from an unknown buyer.</remarks>
public sealed class CxmlAuthenticator(BuyerDirectory buyers)
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

        if (presented is null)
        {
            return new CxmlAuthentication(null, "the Sender carries no SharedSecret", buyer.Id);
        }

        return buyer.SharedSecret.Matches(presented)
            ? new CxmlAuthentication(buyer, null, buyer.Id)
            : new CxmlAuthentication(null, "the Sender's SharedSecret is wrong", buyer.Id);
    }

    // Why the From credentials contradict each other or the buyer; null when they agree.
    private static string? Conflict(IReadOnlyList<Credential> from, Buyer buyer)
    {
        var repeated = from.GroupBy(c => c.Domain.Trim(), StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault(g => g.Select(c => c.Party).Distinct(Credential.PartyKeyComparer).Count() > 1);
        if (repeated is not null)
        {
            return $"the From credentials name two identities in the domain {repeated.Key}";
        }

        var foreign = from.FirstOrDefault(c =>
            buyer.Credentials.Any(k => string.Equals(k.Domain.Trim(), c.Domain.Trim(), StringComparison.OrdinalIgnoreCase))
            && !buyer.Credentials.Any(k => Credential.PartyKeyComparer.Equals(Credential.PartyKey(k.Domain, k.Identity), c.Party)));
        return foreign is null ? null : $"the From credential {foreign.Domain}/{foreign.Identity} is not the buyer's identity in that domain";
    }
}
