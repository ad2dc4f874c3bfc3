using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.FileProviders;
using Punchout.Gateway.Configuration;
using Punchout.TestSupport;

namespace Punchout.Gateway.Tests.Configuration;

public class GatewayOptionsValidatorTests
{
    [Fact]
    public void Validate_GoodConfiguration_Succeeds()
    {
        var result = Validator().Validate(null, Good());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_SeveralMistakes_ReportsEveryOneByItsKey()
    {
        var options = Good();
        options.Buyers[0].Cxml!.SharedSecret = null;
        options.Buyers[0].Cxml!.CartEncoding = "json";
        options.Buyers[0].Cxml!.AllowedReturnHosts.Clear();
        options.Storefront.EntryUrl = "not a url";
        options.Admin.ApiKey = string.Empty;
        options.Sessions.Ttl = TimeSpan.Zero;

        var failures = Validator().Validate(null, options).Failures!.ToList();

        Assert.Equal(6, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Buyers:0:Cxml:SharedSecret:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Buyers:0:Cxml:CartEncoding:", StringComparison.Ordinal) && f.Contains("'json'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Buyers:0:Cxml:AllowedReturnHosts:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Storefront:EntryUrl:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Admin:ApiKey:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sessions:Ttl:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NoBuyers_IsRefused() =>
        Assert.Contains(Validator().Validate(null, new GatewayOptions { Storefront = Good().Storefront, Admin = Good().Admin }).Failures!, f => f.StartsWith("Buyers:", StringComparison.Ordinal));

    [Theory]
    [InlineData("networkid", "an01")]
    [InlineData(" NETWORKID", "an01 ")]
    public void Validate_TwoBuyersWithOneCredentialInAnySpelling_NamesBoth(string domain, string identity)
    {
        var options = Good();
        options.Buyers.Add(Buyer("globex", domain, identity));

        var failure = Assert.Single(Validator().Validate(null, options).Failures!);

        Assert.Contains("acme and globex", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("C-acme")]
    [InlineData(" c-ACME ")]
    public void Validate_TwoBuyersOnOneErpAccountUndeclared_IsRefusedNamingBothAndTheAccount(string spelling)
    {
        var failure = Assert.Single(Validator().Validate(null, OneErpAccountTwice(spelling)).Failures!);

        Assert.StartsWith("Buyers: acme and acme-oci ", failure, StringComparison.Ordinal);
        Assert.Contains("'C-acme'", failure, StringComparison.Ordinal);
        Assert.EndsWith("(not set on Buyers:0 (acme), Buyers:1 (acme-oci)).", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OneErpAccountDeclaredSharedByOneBuyerOnly_IsRefusedNamingTheOther()
    {
        var options = OneErpAccountTwice();
        options.Buyers[1].SharedErpAccount = true;

        var failure = Assert.Single(Validator().Validate(null, options).Failures!);

        Assert.EndsWith("(not set on Buyers:0 (acme)).", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OneErpAccountDeclaredSharedByEveryBuyer_IsAcceptedAndListed()
    {
        var options = OneErpAccountTwice();
        options.Buyers.ForEach(b => b.SharedErpAccount = true);

        Assert.True(Validator().Validate(null, options).Succeeded);
        var shared = Assert.Single(GatewayOptionsValidator.SharedErpAccounts(options.Buyers));
        Assert.Equal(["acme", "acme-oci"], shared.BuyerIds);
        Assert.Empty(shared.Undeclared);
    }

    [Fact]
    public void Validate_SecretAsBadHash_IsRefused()
    {
        var options = Good();
        options.Buyers[0].Cxml!.SharedSecret = null;
        options.Buyers[0].Cxml!.SharedSecretSha256 = "xyz";

        Assert.StartsWith("Buyers:0:Cxml:SharedSecretSha256:", Assert.Single(Validator().Validate(null, options).Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FailureMessages_NeverContainTheSecret()
    {
        var options = Good();
        options.Buyers[0].Cxml!.SharedSecretSha256 = new string('a', 64);

        var message = Validator().Validate(null, options).FailureMessage;

        Assert.DoesNotContain("acme-secret", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OutsideDevelopmentWithoutPublicBaseUrl_IsRefused()
    {
        var failure = Assert.Single(Validator("Production").Validate(null, Good()).Failures!);

        Assert.StartsWith("Gateway:PublicBaseUrl:", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClaimIdleTimeNotAboveTheErpTimeout_IsRefused()
    {
        var options = Good();
        options.Orders.ClaimIdleTime = options.Erp.TotalTimeout;

        Assert.StartsWith("Orders:ClaimIdleTime:", Assert.Single(Validator().Validate(null, options).Failures!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Erp:BreakFailureRatio", 0.0, 10, 30.0, 30.0)]
    [InlineData("Erp:BreakFailureRatio", 1.5, 10, 30.0, 30.0)]
    [InlineData("Erp:BreakMinimumThroughput", 0.5, 1, 30.0, 30.0)]
    [InlineData("Erp:BreakSamplingDuration", 0.5, 10, 0.1, 30.0)]
    [InlineData("Erp:BreakDuration", 0.5, 10, 30.0, 0.0)]
    [InlineData("Erp:BreakDuration", 0.5, 10, 30.0, 86401.0)]
    public void Validate_CircuitBreakerOutsidePollysBounds_IsRefusedAtStartNamingTheKey(string key, double ratio, int throughput, double samplingSeconds, double breakSeconds)
    {
        var options = Good();
        options.Erp.BreakFailureRatio = ratio;
        options.Erp.BreakMinimumThroughput = throughput;
        options.Erp.BreakSamplingDuration = TimeSpan.FromSeconds(samplingSeconds);
        options.Erp.BreakDuration = TimeSpan.FromSeconds(breakSeconds);

        Assert.StartsWith(key + ":", Assert.Single(Validator().Validate(null, options).Failures!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://shop.example/search")]
    [InlineData("ftp://shop.example/search?q={query}")]
    [InlineData("/search?q={query}")]
    public void Validate_SearchUrlNotHttpOrWithoutQueryPlaceholder_IsRefused(string searchUrl)
    {
        var options = Good();
        options.Storefront.SearchUrl = searchUrl;

        Assert.StartsWith("Storefront:SearchUrl:", Assert.Single(Validator().Validate(null, options).Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SearchUrlWithQueryPlaceholder_IsAccepted()
    {
        var options = Good();
        options.Storefront.SearchUrl = "https://shop.example/search?q={query}";

        Assert.True(Validator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("ftp://buyer.example")]
    [InlineData("https://buyer.example/cart/../x")]
    [InlineData("not a host")]
    public void Validate_ReturnHostThatIsNoHostNorOrigin_IsRefused(string entry)
    {
        var options = Good();
        options.Buyers[0].Cxml!.AllowedReturnHosts = [entry];

        Assert.Contains(entry, Assert.Single(Validator().Validate(null, options).Failures!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Off")]
    [InlineData("Blocking")]
    [InlineData("Async")]
    public void Validate_CreditCheckOffBlockingOrAsync_IsAccepted(string mode)
    {
        var options = Good();
        options.Buyers[0].CreditCheck = mode;

        Assert.True(Validator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_CreditCheckUnknown_IsRefusedNamingTheModes()
    {
        var options = Good();
        options.Buyers[0].CreditCheck = "blocking";

        Assert.Equal(
            "Buyers:0:CreditCheck: must be Off, Blocking or Async, not 'blocking'.",
            Assert.Single(Validator().Validate(null, options).Failures!));
    }

    [Fact]
    public void Validate_MixedCurrenciesWithoutOci_IsRefusedSayingWhy()
    {
        var options = Good();
        options.Buyers[0].MixedCurrencies = true;

        Assert.Equal(
            "Buyers:0:MixedCurrencies: needs Oci; a cXML cart has one Total in one currency, so only OCI carts (a CURRENCY per item) can mix them.",
            Assert.Single(Validator().Validate(null, options).Failures!));
    }

    [Fact]
    public void Validate_TrustedCertificateThatIsNoCertificate_IsRefusedByItsKey()
    {
        using var certificate = TestCertificates.SelfSigned();
        var options = Good();
        options.Buyers[0].Cxml!.Signature.TrustedCertificates = [certificate.ExportCertificatePem(), TestCertificates.Base64(certificate), "not-a-certificate"];

        var failure = Assert.Single(Validator().Validate(null, options).Failures!);

        Assert.StartsWith("Buyers:0:Cxml:Signature:TrustedCertificates:2:", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SignatureRequiredWithNoCertificateTrusted_IsRefusedByItsKey()
    {
        var options = Good();
        options.Buyers[0].Cxml!.Signature.Required = true;

        var failure = Assert.Single(Validator().Validate(null, options).Failures!);

        Assert.StartsWith("Buyers:0:Cxml:Signature:TrustedCertificates:", failure, StringComparison.Ordinal);
        Assert.Contains("Required", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnitCodesOntoUnCefactCodes_Succeed()
    {
        var options = Good();
        options.Buyers[0].UnitCodes["PCS"] = "EA";
        options.Buyers[0].UnitCodes["stk"] = "EA";
        options.Buyers[0].UnitCodes["Dozen"] = "DZN";
        options.Buyers[0].UnitCodes["unit"] = "C62";

        var result = Validator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("EACH")]
    [InlineData("ea")]
    [InlineData("E")]
    [InlineData("")]
    public void Validate_UnitCodeThatIsNotACode_IsNamedByItsKey(string code)
    {
        var options = Good();
        options.Buyers[0].UnitCodes["PCS"] = code;

        var failure = Assert.Single(Validator().Validate(null, options).Failures!);

        Assert.StartsWith("Buyers:0:UnitCodes:PCS:", failure, StringComparison.Ordinal);
        Assert.Contains($"not '{code}'", failure, StringComparison.Ordinal);
    }

    private static GatewayOptionsValidator Validator(string environment = "Development") => new(new Environment { EnvironmentName = environment });

    [Fact]
    public void Validate_BuyerWithAnOrderStatusUrl_NeedsItsSecretAndTheSuppliersCredentials()
    {
        var options = Good();
        options.Buyers[0].Cxml!.OrderStatus = new OrderStatusOptions { Url = "https://buyer.example/cxml" };

        var failures = Validator().Validate(null, options).Failures!.ToList();

        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Buyers:0:Cxml:OrderStatus:SharedSecret:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Gateway:Supplier:Credentials:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_OrderStatusOverPlainHttp_IsRefusedOutsideDevelopmentOnly()
    {
        var options = WithOrderStatus("http://buyer.example/cxml");
        options.Gateway.PublicBaseUrl = "https://gateway.example";

        Assert.True(Validator().Validate(null, options).Succeeded);
        var failure = Assert.Single(Validator("Production").Validate(null, options).Failures!);
        Assert.StartsWith("Buyers:0:Cxml:OrderStatus:Url: must be https", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://buyer.example/cxml")]
    [InlineData("https://user:password@buyer.example/cxml")]
    public void Validate_OrderStatusUrlThatIsNoHttpUrl_IsRefused(string url) =>
        Assert.StartsWith("Buyers:0:Cxml:OrderStatus:Url:", Assert.Single(Validator().Validate(null, WithOrderStatus(url)).Failures!), StringComparison.Ordinal);

    [Fact]
    public void Validate_SupplierCredentialThatIsABuyers_IsRefusedNamingTheBuyer()
    {
        var options = WithOrderStatus("https://buyer.example/cxml");
        options.Gateway.Supplier.Credentials = [new CredentialOptions { Domain = "networkid", Identity = "an01" }];

        var failure = Assert.Single(Validator().Validate(null, options).Failures!);

        Assert.StartsWith("Gateway:Supplier:Credentials:", failure, StringComparison.Ordinal);
        Assert.Contains("buyer acme", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ErpKeyThatIsAlsoTheStorefronts_IsRefused()
    {
        var options = Good();
        options.Erp.ApiKeys = ["erp", "k"];

        Assert.StartsWith("Erp:ApiKeys:", Assert.Single(Validator().Validate(null, options).Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OutboundTimings_AreCheckedAgainstEachOther()
    {
        var options = Good();
        options.Outbound.RetryBaseDelay = TimeSpan.FromMinutes(2);
        options.Outbound.RetryMaxDelay = TimeSpan.FromMinutes(1);
        options.Outbound.ClaimIdleTime = options.Outbound.AttemptTimeout;
        options.Outbound.Retention = TimeSpan.FromHours(1);

        var failures = Validator().Validate(null, options).Failures!.ToList();

        Assert.Equal(["Outbound:RetryMaxDelay", "Outbound:ClaimIdleTime", "Outbound:Retention"], failures.Select(f => f[..f.IndexOf(": ", StringComparison.Ordinal)]));
    }

    private static GatewayOptions WithOrderStatus(string url)
    {
        var options = Good();
        options.Buyers[0].Cxml!.OrderStatus = new OrderStatusOptions { Url = url, SharedSecret = "acme-order-status-secret" };
        options.Gateway.Supplier.Credentials = [new CredentialOptions { Domain = "DUNS", Identity = "123456789" }];
        return options;
    }

    private static GatewayOptions Good() => new()
    {
        Buyers = [Buyer("acme", "NetworkID", "AN01")],
        Storefront = new StorefrontOptions { EntryUrl = "https://shop.example/punchout", ApiKeys = ["k"] },
        Admin = new AdminOptions { ApiKey = "a" },
        Erp = new ErpOptions { BaseUrl = "http://erp.example" },
    };

    // acme, and acme-oci with a credential of its own on acme's ERP account as spelled.
    private static GatewayOptions OneErpAccountTwice(string spelling = "C-acme")
    {
        var options = Good();
        options.Buyers.Add(Buyer("acme-oci", "NetworkID", "AN02"));
        options.Buyers[1].ErpAccount = spelling;
        return options;
    }

    private static BuyerOptions Buyer(string id, string domain, string identity) => new()
    {
        Id = id,
        ErpAccount = "C-" + id,
        Cxml = new CxmlBuyerOptions
        {
            Credentials = [new CredentialOptions { Domain = domain, Identity = identity }],
            SharedSecret = "acme-secret",
            AllowedReturnHosts = ["buyer.example"],
        },
    };

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Development";

        public string ApplicationName { get; set; } = "tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
