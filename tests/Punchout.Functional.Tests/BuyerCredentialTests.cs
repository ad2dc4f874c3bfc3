using System.Security.Cryptography.X509Certificates;
using System.Text;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.Protocols.Credentials;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.PunchOut;
using Punchout.Protocols.Signatures;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests;

/// <summary>Signed documents and CredentialMacs, posted to POST /cxml of the real gateway.</summary>
[Collection(GatewayTests.Name)]
public sealed class BuyerCredentialTests(RedisServer redis) : GatewayTestBase(redis)
{
    private static readonly X509Certificate2 BuyerSigner = TestCertificates.SelfSigned("Demo Buyer Signer");
    private static readonly X509Certificate2 Stranger = TestCertificates.SelfSigned("Not The Buyer");

    [Fact]
    public async Task PostCxml_SetupRequestSignedByTheBuyersCertificate_IsAnswered200WithAStartPage()
    {
        var response = await SigningBuyer().SendAsync(Signed(ProcurementSystem.SetupRequest(), BuyerSigner));

        Assert.Equal(200, response.Status.Code);
        Assert.IsType<PunchOutSetupResponse>(response.Payload);
    }

    [Fact]
    public async Task PostCxml_SignedSetupRequestWithItsBodyChanged_IsAnswered476()
    {
        var signed = Encoding.UTF8.GetString(Signed(ProcurementSystem.SetupRequest(), BuyerSigner));
        var tampered = signed.Replace("<BuyerCookie>demo-cookie-7f3a9c</BuyerCookie>", "<BuyerCookie>other-cookie</BuyerCookie>", StringComparison.Ordinal);
        Assert.NotEqual(signed, tampered);

        var response = await SigningBuyer().SendAsync(Encoding.UTF8.GetBytes(tampered));

        Assert.Equal(476, response.Status.Code);
        Assert.Empty(Host.Logs.WithEventId(2001));
    }

    [Fact]
    public async Task PostCxml_UnsignedDecoyBodyBeforeTheSignedOne_IsRefusedAndOpensNoSession()
    {
        var signed = Encoding.UTF8.GetString(Signed(ProcurementSystem.SetupRequest(), BuyerSigner));
        var start = signed.IndexOf("<Request", StringComparison.Ordinal);
        var end = signed.IndexOf("</Request>", StringComparison.Ordinal) + "</Request>".Length;
        var decoy = signed[start..end]
            .Replace("<Request ", "<Request xmlns=\"urn:decoy\" ", StringComparison.Ordinal)
            .Replace(" Id=\"cXMLData\"", string.Empty, StringComparison.Ordinal)
            .Replace("demo-cookie-7f3a9c", "evil-cookie", StringComparison.Ordinal);
        Assert.Contains("evil-cookie", decoy, StringComparison.Ordinal);

        var response = await SigningBuyer().SendAsync(Encoding.UTF8.GetBytes(signed[..start] + decoy + signed[start..]));

        Assert.Equal(406, response.Status.Code);
        Assert.Contains("namespace 'urn:decoy'", response.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(Host.Logs.WithEventId(2001));
        Assert.Empty(await Host.StoredKeysAsync(Redis));
    }

    [Fact]
    public async Task PostCxml_SetupRequestSignedByACertificateTheBuyerDoesNotTrust_IsAnswered477()
    {
        var response = await SigningBuyer().SendAsync(Signed(ProcurementSystem.SetupRequest(), Stranger));

        Assert.Equal(477, response.Status.Code);
        var refused = Assert.Single(Host.Logs.WithEventId(1008));
        Assert.Equal("demo", CapturedLogs.Property(refused, "Buyer"));
    }

    [Fact]
    public async Task PostCxml_UnsignedSetupRequestFromABuyerRequiringSignatures_IsAnswered475()
    {
        var response = await SigningBuyer().SendAsync(ProcurementSystem.SetupRequest());

        Assert.Equal(475, response.Status.Code);
        Assert.Empty(Host.Logs.WithEventId(2001));
    }

    [Fact]
    public async Task PostCxml_SignedSetupRequestToABuyerNotRequiringSignatures_IsStillVerified()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?>
        {
            ["Buyers:0:Cxml:Signature:TrustedCertificates:0"] = BuyerSigner.ExportCertificatePem(),
        });
        var buyer = new ProcurementSystem(Host.Client());

        Assert.Equal(200, (await buyer.SendAsync(ProcurementSystem.SetupRequest())).Status.Code);
        Assert.Equal(477, (await buyer.SendAsync(Signed(ProcurementSystem.SetupRequest(), Stranger))).Status.Code);
    }

    [Fact]
    public async Task PostCxml_SetupRequestWithAValidCredentialMacInPlaceOfTheSecret_IsAnswered200()
    {
        var now = DateTimeOffset.UtcNow;

        var response = await new ProcurementSystem(Host.Client()).SendAsync(WithMac(now.AddMinutes(-5), now.AddHours(1)));

        Assert.Equal(200, response.Status.Code);
        Assert.IsType<PunchOutSetupResponse>(response.Payload);
    }

    [Fact]
    public async Task PostCxml_SetupRequestWithAnExpiredCredentialMac_IsAnswered401AndLogsWhyButNotTheMac()
    {
        var now = DateTimeOffset.UtcNow;
        var document = WithMac(now.AddHours(-2), now.AddHours(-1));

        var response = await new ProcurementSystem(Host.Client()).SendAsync(document);

        Assert.Equal(401, response.Status.Code);
        var refused = Assert.Single(Host.Logs.WithEventId(1003));
        Assert.Contains("expirationDate is past", CapturedLogs.Property(refused, "Reason"), StringComparison.Ordinal);
        Assert.DoesNotContain(Host.Logs.Lines(), line => line.Contains(ProcurementSystem.DemoSecret, StringComparison.Ordinal) || line.Contains(MacValue(document), StringComparison.Ordinal));
    }

    // The demo buyer, requiring signatures and trusting BuyerSigner.
    private ProcurementSystem SigningBuyer()
    {
        Host = GatewayHost.Start(Redis, Erp.Url, new Dictionary<string, string?>
        {
            ["Buyers:0:Cxml:Signature:Required"] = "true",
            ["Buyers:0:Cxml:Signature:TrustedCertificates:0"] = TestCertificates.Base64(BuyerSigner),
        });
        return new ProcurementSystem(Host.Client());
    }

    private static byte[] Signed(byte[] document, X509Certificate2 certificate) => CxmlSigner.Sign(document, certificate, DateTimeOffset.UtcNow);

    // The sample setup request whose Sender carries a CredentialMac made with the demo secret instead of the secret.
    private static byte[] WithMac(DateTimeOffset created, DateTimeOffset expires)
    {
        var (creation, expiration) = (CxmlTimestamp.Format(created), CxmlTimestamp.Format(expires));
        var party = new Credential("NetworkID", "AN01000000001-T");
        var value = CredentialMacs.Compute(party, party, creation, expiration, new SharedSecret(ProcurementSystem.DemoSecret));
        var text = Encoding.UTF8.GetString(ProcurementSystem.SetupRequest());
        var secret = $"<SharedSecret>{ProcurementSystem.DemoSecret}</SharedSecret>";
        Assert.Contains(secret, text, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text.Replace(
            secret,
            $"<CredentialMac type=\"{CredentialMacs.FromSenderCredentials}\" algorithm=\"{CredentialMacs.HmacSha196}\" creationDate=\"{creation}\" expirationDate=\"{expiration}\">{value}</CredentialMac>",
            StringComparison.Ordinal));
    }

    private static string MacValue(byte[] document)
    {
        var text = Encoding.UTF8.GetString(document);
        var start = text.IndexOf("\">", text.IndexOf("<CredentialMac", StringComparison.Ordinal), StringComparison.Ordinal) + 2;
        return text[start..text.IndexOf("</CredentialMac>", StringComparison.Ordinal)];
    }
}
