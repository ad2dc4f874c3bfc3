using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Cxml;

namespace Punchout.Benchmarks;

/// <summary>An authenticator among 200 configured buyers, the last of which is the one the documents name.</summary>
internal static class Buyers
{
    public static CxmlAuthenticator Authenticator(string domain, string identity, string secret, string returnHost)
    {
        var buyers = Enumerable.Range(0, 200).Select(i => new BuyerOptions
        {
            Id = $"buyer-{i}",
            ErpAccount = $"C-{i}",
            Cxml = new CxmlBuyerOptions
            {
                Credentials = [new CredentialOptions { Domain = domain, Identity = i == 199 ? identity : $"other-{i:D4}" }],
                SharedSecret = i == 199 ? secret : $"secret-{i}",
                AllowedReturnHosts = [returnHost],
            },
        }).ToList();
        return new CxmlAuthenticator(new BuyerDirectory(Options.Create(new GatewayOptions { Buyers = buyers })), TimeProvider.System);
    }
}
