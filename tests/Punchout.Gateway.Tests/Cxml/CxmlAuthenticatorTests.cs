using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Cxml;
using Punchout.Protocols.Credentials;
using Punchout.Protocols.Cxml;

namespace Punchout.Gateway.Tests.Cxml;

public class CxmlAuthenticatorTests
{
    private readonly CxmlAuthenticator authenticator = new(new BuyerDirectory(Options.Create(new GatewayOptions
    {
        Buyers =
        [
            Buyer("acme", "NetworkID", "AN01", "acme-secret"),
            Buyer("globex", "DUNS", "123456789", "globex-secret"),
            Buyer("initech", "NetworkID", "AN03", "initech-secret"),
        ],
    })), TimeProvider.System);

    [Theory]
    [InlineData("NetworkID", "AN01")]
    [InlineData("networkid", "AN01")]
    [InlineData("NETWORKID", "an01")]
    public void Authenticate_FromCredentialInAnyCaseAndRightSecret_IsTheBuyer(string domain, string identity)
    {
        var result = authenticator.Authenticate(Document([new Credential(domain, identity)], "acme-secret"));

        Assert.Equal("acme", result.Buyer?.Id);
    }

    [Fact]
    public void Authenticate_WrongSecret_IsRefusedButNamesTheClaimedBuyer()
    {
        var result = authenticator.Authenticate(Document([new Credential("NetworkID", "AN01")], "globex-secret"));

        Assert.Null(result.Buyer);
        Assert.Equal("acme", result.ClaimedBuyerId);
        Assert.Contains("SharedSecret is wrong", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Authenticate_UnknownFrom_IsRefused() =>
        Assert.Null(authenticator.Authenticate(Document([new Credential("NetworkID", "AN99")], "acme-secret")).Buyer);

    [Fact]
    public void Authenticate_NoSecret_IsRefused() =>
        Assert.Null(authenticator.Authenticate(Document([new Credential("NetworkID", "AN01")], null)).Buyer);

    [Fact]
    public void Authenticate_FromNamingTwoBuyers_IsRefusedAsAmbiguous()
    {
        var result = authenticator.Authenticate(Document([new Credential("NetworkID", "AN01"), new Credential("DUNS", "123456789")], "acme-secret"));

        Assert.Null(result.Buyer);
        Assert.Contains("several buyers", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Authenticate_FromWithAnotherIdentityInTheBuyersDomain_IsRefused()
    {
        var result = authenticator.Authenticate(Document([new Credential("NetworkID", "AN01"), new Credential("networkid", "AN99")], "acme-secret"));

        Assert.Null(result.Buyer);
        Assert.Equal("acme", result.ClaimedBuyerId);
        Assert.Contains("two identities", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Authenticate_FromWithAForeignIdentityInADomainTheBuyerUses_IsRefused()
    {
        var result = authenticator.Authenticate(Document([new Credential("NetworkID", "AN03"), new Credential("DUNS", "999999999")], "initech-secret"));

        Assert.Null(result.Buyer);
        Assert.Equal("initech", result.ClaimedBuyerId);
        Assert.Contains("DUNS/999999999", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Authenticate_FromWithAnExtraCredentialInAnotherDomain_IsTheBuyer() =>
        Assert.Equal("acme", authenticator.Authenticate(Document([new Credential("NetworkID", "AN01"), new Credential("AribaNetworkUserId", "buyer@acme.example")], "acme-secret")).Buyer?.Id);

    [Fact]
    public void Authenticate_SenderIsAHub_StillIdentifiesTheBuyerByFrom()
    {
        var document = Document([new Credential("NetworkID", "AN01")], null) with
        {
            Header = new CxmlHeader([new Credential("NetworkID", "AN01")], [new Credential("DUNS", "1")], new CxmlSender([new Credential("AribaNetworkUserId", "sysadmin@ariba.com", new SharedSecret("acme-secret"))], "Ariba"))
        };

        Assert.Equal("acme", authenticator.Authenticate(document).Buyer?.Id);
    }

    [Fact]
    public void Authenticate_ValidCredentialMacInPlaceOfTheSecret_IsTheBuyer()
    {
        var clock = new FakeTimeProvider(MacCreated.AddMinutes(5));

        var result = MacAuthenticator(clock).Authenticate(WithMac(Mac("acme-secret", MacCreated, MacCreated.AddHours(1))));

        Assert.Equal("acme", result.Buyer?.Id);
    }

    [Fact]
    public void Authenticate_ExpiredCredentialMac_IsRefusedSayingSoWithoutTheMac()
    {
        var clock = new FakeTimeProvider(MacCreated.AddHours(2));
        var mac = Mac("acme-secret", MacCreated, MacCreated.AddHours(1));

        var result = MacAuthenticator(clock).Authenticate(WithMac(mac));

        Assert.Null(result.Buyer);
        Assert.Equal("acme", result.ClaimedBuyerId);
        Assert.Contains("expirationDate is past", result.Failure, StringComparison.Ordinal);
        Assert.DoesNotContain(mac.Value, result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Authenticate_CredentialMacUnderAnotherSecret_IsRefused()
    {
        var clock = new FakeTimeProvider(MacCreated.AddMinutes(5));

        var result = MacAuthenticator(clock).Authenticate(WithMac(Mac("globex-secret", MacCreated, MacCreated.AddHours(1))));

        Assert.Null(result.Buyer);
        Assert.Contains("not the MAC", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Authenticate_CredentialMacForABuyerWithOnlyTheSecretsHash_IsRefusedSayingWhy()
    {
        var buyer = Buyer("acme", "NetworkID", "AN01", "acme-secret");
        buyer.Cxml!.SharedSecretSha256 = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("acme-secret"u8));
        buyer.Cxml.SharedSecret = null;
        var hashOnly = new CxmlAuthenticator(new BuyerDirectory(Options.Create(new GatewayOptions { Buyers = [buyer] })), new FakeTimeProvider(MacCreated.AddMinutes(5)));

        var result = hashOnly.Authenticate(WithMac(Mac("acme-secret", MacCreated, MacCreated.AddHours(1))));

        Assert.Null(result.Buyer);
        Assert.Contains("SharedSecretSha256", result.Failure, StringComparison.Ordinal);
    }

    private static readonly DateTimeOffset MacCreated = new(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(-5));

    private static CxmlAuthenticator MacAuthenticator(TimeProvider clock) =>
        new(new BuyerDirectory(Options.Create(new GatewayOptions { Buyers = [Buyer("acme", "NetworkID", "AN01", "acme-secret")] })), clock);

    private static CredentialMac Mac(string secret, DateTimeOffset created, DateTimeOffset expires)
    {
        var (creation, expiration) = (CxmlTimestamp.Format(created), CxmlTimestamp.Format(expires));
        var value = CredentialMacs.Compute(new Credential("NetworkID", "AN01"), new Credential("AribaNetworkUserId", "sysadmin@ariba.com"), creation, expiration, new SharedSecret(secret));
        return new CredentialMac(CredentialMacs.FromSenderCredentials, CredentialMacs.HmacSha196, creation, expiration, value);
    }

    private static CxmlEnvelope WithMac(CredentialMac mac) => Document([new Credential("NetworkID", "AN01")], null) with
    {
        Header = new CxmlHeader([new Credential("NetworkID", "AN01")], [new Credential("DUNS", "1")], new CxmlSender([new Credential("AribaNetworkUserId", "sysadmin@ariba.com", Mac: mac)], "Ariba")),
    };

    private static CxmlEnvelope Document(IReadOnlyList<Credential> from, string? secret) => new()
    {
        PayloadId = "p-1",
        Timestamp = DateTimeOffset.UnixEpoch,
        Header = new CxmlHeader(from, [new Credential("DUNS", "1")], new CxmlSender([new Credential("NetworkID", "AN01", secret is null ? null : new SharedSecret(secret))], "t")),
        Body = new CxmlRequest(new UnsupportedRequest("ProfileRequest")),
    };

    private static BuyerOptions Buyer(string id, string domain, string identity, string secret) => new()
    {
        Id = id,
        ErpAccount = "C-" + id,
        Cxml = new CxmlBuyerOptions
        {
            Credentials = id == "initech"
                ? [new CredentialOptions { Domain = domain, Identity = identity }, new CredentialOptions { Domain = "DUNS", Identity = "333333333" }]
                : [new CredentialOptions { Domain = domain, Identity = identity }],
            SharedSecret = secret,
            AllowedReturnHosts = ["buyer.example"],
        },
    };
}
