using Microsoft.Extensions.Time.Testing;
using Punchout.Protocols.Credentials;
using Punchout.Protocols.Cxml;

namespace Punchout.Protocols.Tests.Credentials;

public class CredentialMacsTests
{
    private const string Created = "2003-01-15T08:42:46-08:00";
    private const string Expires = "2003-01-15T11:42:46-08:00";
    private static readonly SharedSecret Key = new("abracadabra");
    private static readonly Credential From = new("networkid", "an9900000100");
    private static readonly Credential Sender = new("networkid", "an9900000100");

    [Fact]
    public void Compute_TestVectorOfTheSpecification_IsCR6Jpz58nriXERDN() =>
        Assert.Equal("cR6Jpz58nriXERDN", CredentialMacs.Compute(From, Sender, Created, Expires, Key));

    [Fact]
    public void Compute_DomainsAndIdentitiesInOtherCaseAndPadded_GiveTheSameMac() =>
        Assert.Equal("cR6Jpz58nriXERDN", CredentialMacs.Compute(new Credential("NetworkID", " AN9900000100 "), new Credential("NETWORKID", "An9900000100\n"), Created, Expires, Key));

    [Fact]
    public void Compute_CaseSensitiveDomain_KeepsTheDomainsCase() =>
        Assert.NotEqual(
            CredentialMacs.Compute(From, new Credential("AribaNetworkUserId", "sysadmin@ariba.com"), Created, Expires, Key),
            CredentialMacs.Compute(From, new Credential("aribanetworkuserid", "sysadmin@ariba.com"), Created, Expires, Key));

    [Fact]
    public void Compute_SecretInAnotherCase_GivesAnotherMac() =>
        Assert.NotEqual("cR6Jpz58nriXERDN", CredentialMacs.Compute(From, Sender, Created, Expires, new SharedSecret("Abracadabra")));

    [Fact]
    public void Compute_DatesAreTakenAsSent_SoTheSameInstantWrittenOtherwiseGivesAnotherMac() =>
        Assert.NotEqual("cR6Jpz58nriXERDN", CredentialMacs.Compute(From, Sender, "2003-01-15T16:42:46+00:00", Expires, Key));

    [Fact]
    public void Verify_TestVectorWithinItsWindow_IsValid() =>
        Assert.Equal(CredentialMacStatus.Valid, Verify(Mac(), At("2003-01-15T10:00:00-08:00")));

    [Theory]
    [InlineData("2003-01-15T08:00:00-08:00")]
    [InlineData(Created)]
    public void Verify_BeforeOrAtCreationDate_IsNotYetValid(string now) =>
        Assert.Equal(CredentialMacStatus.NotYetValid, Verify(Mac(), At(now)));

    [Theory]
    [InlineData(Expires)]
    [InlineData("2003-01-16T00:00:00-08:00")]
    public void Verify_AtOrAfterExpirationDate_IsExpired(string now) =>
        Assert.Equal(CredentialMacStatus.Expired, Verify(Mac(), At(now)));

    [Fact]
    public void Verify_WrongKey_IsWrongValue() =>
        Assert.Equal(CredentialMacStatus.WrongValue, CredentialMacs.Verify(Mac(), From, Sender, new SharedSecret("open-sesame"), At("2003-01-15T10:00:00-08:00")));

    [Fact]
    public void Verify_ExpirationDateMovedLater_IsWrongValue() =>
        Assert.Equal(CredentialMacStatus.WrongValue, Verify(Mac() with { ExpirationDate = "2003-01-16T11:42:46-08:00" }, At("2003-01-15T10:00:00-08:00")));

    [Fact]
    public void Verify_AnotherSenderIdentity_IsWrongValue() =>
        Assert.Equal(CredentialMacStatus.WrongValue, CredentialMacs.Verify(Mac(), From, new Credential("networkid", "an9900000999"), Key, At("2003-01-15T10:00:00-08:00")));

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("cR6Jpz58nriXERDNcR6Jpz58")]
    public void Verify_ValueNotTwelveBase64Bytes_IsWrongValue(string value) =>
        Assert.Equal(CredentialMacStatus.WrongValue, Verify(Mac() with { Value = value }, At("2003-01-15T10:00:00-08:00")));

    [Theory]
    [InlineData("FromSenderCredentials", "HMAC-SHA256")]
    [InlineData("Other", "HMAC-SHA1-96")]
    public void Verify_UnknownTypeOrAlgorithm_IsUnsupported(string type, string algorithm) =>
        Assert.Equal(CredentialMacStatus.Unsupported, Verify(Mac() with { Type = type, Algorithm = algorithm }, At("2003-01-15T10:00:00-08:00")));

    [Fact]
    public void Verify_DateThatIsNoDate_IsUnreadableDates() =>
        Assert.Equal(CredentialMacStatus.UnreadableDates, Verify(Mac() with { CreationDate = "yesterday" }, At("2003-01-15T10:00:00-08:00")));

    private static CredentialMac Mac() => new(CredentialMacs.FromSenderCredentials, CredentialMacs.HmacSha196, Created, Expires, "cR6Jpz58nriXERDN");

    private static CredentialMacStatus Verify(CredentialMac mac, TimeProvider clock) => CredentialMacs.Verify(mac, From, Sender, Key, clock);

    private static FakeTimeProvider At(string now) => new(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
}
