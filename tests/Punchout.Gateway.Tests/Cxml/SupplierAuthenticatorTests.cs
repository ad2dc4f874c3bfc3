using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Cxml;
using Punchout.Protocols.Credentials;
using Punchout.Protocols.Cxml;

namespace Punchout.Gateway.Tests.Cxml;

public class SupplierAuthenticatorTests
{
    private static readonly Credential Supplier = new("DUNS", "123456789");
    private static readonly Credential Acme = new("NetworkID", "AN01");

    [Fact]
    public void Authenticate_TheSuppliersFromAndSecret_IsForTheBuyerTheToNames()
    {
        var result = Authenticator().Authenticate(Document([Supplier], [Acme], "supplier-secret"));

        Assert.Equal(("acme", (string?)null), (result.Buyer?.Id, result.Failure));
    }

    [Fact]
    public void Authenticate_AnyLetterCaseOfTheSuppliersCredential_IsTheSupplier() =>
        Assert.NotNull(Authenticator().Authenticate(Document([new("duns", " 123456789 ")], [Acme], "supplier-secret")).Buyer);

    [Theory]
    [InlineData("wrong-secret", "the Sender's SharedSecret is not the supplier's")]
    [InlineData(null, "the Sender carries no SharedSecret")]
    public void Authenticate_WrongOrNoSecret_IsRefusedNamingTheBuyerClaimed(string? secret, string failure)
    {
        var result = Authenticator().Authenticate(Document([Supplier], [Acme], secret));

        Assert.Equal(((string?)null, failure, "acme"), (result.Buyer?.Id, result.Failure, result.ClaimedBuyerId));
    }

    [Fact]
    public void Authenticate_FromABuyer_IsRefusedEvenWithTheSuppliersSecret() =>
        Assert.Equal("the From credentials are not the supplier's (Gateway:Supplier:Credentials)", Authenticator().Authenticate(Document([Acme], [Acme], "supplier-secret")).Failure);

    [Fact]
    public void Authenticate_FromTheSupplierAndAnotherParty_IsRefused() =>
        Assert.Null(Authenticator().Authenticate(Document([Supplier, new("NetworkID", "AN99")], [Acme], "supplier-secret")).Buyer);

    [Fact]
    public void Authenticate_ToNoConfiguredBuyer_IsRefused() =>
        Assert.Equal("the To credentials name no configured buyer", Authenticator().Authenticate(Document([Supplier], [new("NetworkID", "AN99")], "supplier-secret")).Failure);

    [Fact]
    public void Authenticate_WithNoSupplierSecretConfigured_RefusesEverything()
    {
        var result = Authenticator(secret: null).Authenticate(Document([Supplier], [Acme], "supplier-secret"));

        Assert.Null(result.Buyer);
        Assert.StartsWith("no supplier SharedSecret is configured", result.Failure, StringComparison.Ordinal);
    }

    private static SupplierAuthenticator Authenticator(string? secret = "supplier-secret")
    {
        var options = Options.Create(new GatewayOptions
        {
            Buyers =
            [
                new BuyerOptions
                {
                    Id = "acme",
                    ErpAccount = "C-1",
                    Cxml = new CxmlBuyerOptions { Credentials = [new CredentialOptions { Domain = Acme.Domain, Identity = Acme.Identity }], SharedSecret = "acme-secret" },
                },
            ],
            Gateway = new HostOptions { Supplier = new SupplierOptions { Credentials = [new CredentialOptions { Domain = Supplier.Domain, Identity = Supplier.Identity }], SharedSecret = secret } },
        });
        return new SupplierAuthenticator(new BuyerDirectory(options), options);
    }

    private static CxmlEnvelope Document(IReadOnlyList<Credential> from, IReadOnlyList<Credential> to, string? secret) => new()
    {
        PayloadId = "p@supplier",
        Timestamp = DateTimeOffset.UnixEpoch,
        Header = new CxmlHeader(from, to, new CxmlSender([from[0] with { SharedSecret = secret is null ? null : new SharedSecret(secret) }], "ERP middleware")),
        Body = new CxmlRequest(new UnsupportedRequest("ConfirmationRequest")),
    };
}
