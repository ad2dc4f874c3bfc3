using System.Security.Cryptography;
using System.Text;
using Punchout.Protocols.Credentials;
using Punchout.Protocols.Cxml;

namespace Punchout.Protocols.Tests.Credentials;

public class SharedSecretTests
{
    [Fact]
    public void ToString_OfSecretAndOfCredential_NeverShowsTheSecret()
    {
        var credential = new Credential("NetworkID", "AN01", new SharedSecret("hunter2-very-secret"));

        Assert.DoesNotContain("hunter2", credential.SharedSecret!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", credential.ToString(), StringComparison.Ordinal);
        Assert.Contains("AN01", credential.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_RightSecret_IsTrue_WrongOrMissing_IsFalse()
    {
        var hash = SharedSecretHash.FromSecret("s3cret");

        Assert.True(hash.Matches(new SharedSecret("s3cret")));
        Assert.False(hash.Matches(new SharedSecret("s3cre")));
        Assert.False(hash.Matches(new SharedSecret("S3CRET")));
        Assert.False(hash.Matches(null));
    }

    [Fact]
    public void FromSha256Hex_OfTheSecretsHash_MatchesTheSecret()
    {
        var hex = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("s3cret")));

        Assert.True(SharedSecretHash.FromSha256Hex(hex).Matches(new SharedSecret("s3cret")));
        Assert.Throws<FormatException>(() => SharedSecretHash.FromSha256Hex("abcd"));
    }

    [Theory]
    [InlineData("NetworkID", "AN01", true)]
    [InlineData("networkid", " an01 ", true)]
    [InlineData("DUNS", "AN01", false)]
    [InlineData("NetworkID", "AN02", false)]
    [InlineData("NetworkIDAN", "01", false)]
    public void PartyKey_IsEqualForEverySpellingOfOneParty(string domain, string identity, bool same) =>
        Assert.Equal(same, Credential.PartyKeyComparer.Equals(new Credential("NetworkId", "AN01").Party, Credential.PartyKey(domain, identity)));
}
