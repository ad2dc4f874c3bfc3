using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Punchout.Gateway.Configuration;

namespace Punchout.Gateway.Tests.Configuration;

/// <summary>An OCI buyer's configuration is checked at start-up like a cXML one: every mistake named by its key.</summary>
public sealed class OciOptionsValidatorTests
{
    [Fact]
    public void OciOnlyBuyer_IsAccepted()
    {
        var result = Validate(Oci());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void BuyerWithNeitherCxmlNorOci_IsRefused() =>
        Assert.Contains(Validate(new BuyerOptions { Id = "sap", ErpAccount = "C-1" }).Failures!, f => f.StartsWith("Buyers:0: needs Cxml", StringComparison.Ordinal));

    [Fact]
    public void EveryOciMistake_IsNamedByItsKey()
    {
        var buyer = Oci();
        buyer.Oci!.Username = " ";
        buyer.Oci.PasswordSha256 = "abc";
        buyer.Oci.HookUrlParameter = "~HOOK";
        buyer.Oci.AllowedHookUrls = ["ftp://srm.example", "https://srm.example/a/../b"];
        buyer.Oci.Fields = new(StringComparer.OrdinalIgnoreCase) { ["PRICE"] = "const:0", ["VENDOR"] = "vendorOfTheYear", ["BAD FIELD"] = "const:x", ["CUST_FIELD1"] = "extrinsic:" };
        buyer.Oci.Units = new(StringComparer.OrdinalIgnoreCase) { ["EA"] = "PIECE" };

        var failures = Validate(buyer).Failures!.ToList();

        string[] expected =
        [
            "Buyers:0:Oci:Username:",
            "Buyers:0:Oci:Password:",
            "Buyers:0:Oci:HookUrlParameter:",
            "Buyers:0:Oci:AllowedHookUrls: 'ftp://srm.example'",
            "Buyers:0:Oci:AllowedHookUrls: 'https://srm.example/a/../b'",
            "Buyers:0:Oci:Fields:PRICE:",
            "Buyers:0:Oci:Fields:VENDOR:",
            "Buyers:0:Oci:Fields:BAD FIELD:",
            "Buyers:0:Oci:Fields:CUST_FIELD1:",
            "Buyers:0:Oci:Units:EA:",
        ];
        Assert.True(expected.Length == failures.Count, string.Join("\n", failures));
        Assert.All(expected, prefix => Assert.Contains(failures, f => f.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Fact]
    public void PasswordAsHash_IsAccepted_AndBothOrNeither_Refused()
    {
        var hashed = Oci();
        hashed.Oci!.Password = null;
        hashed.Oci.PasswordSha256 = new string('a', 64);
        var both = Oci();
        both.Oci!.PasswordSha256 = new string('a', 64);

        Assert.True(Validate(hashed).Succeeded);
        Assert.Contains(Validate(both).Failures!, f => f.StartsWith("Buyers:0:Oci:Password: set exactly one", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://shop.example/p/{productId}", true)]
    [InlineData("https://shop.example/p/", false)]
    [InlineData("javascript:alert('{productId}')", false)]
    public void ProductUrl_MustBeHttpWithTheProductPlaceholder(string productUrl, bool valid)
    {
        var options = new GatewayOptions
        {
            Buyers = [Oci()],
            Storefront = new StorefrontOptions { EntryUrl = "https://shop.example/punchout", ApiKeys = ["k"], ProductUrl = productUrl },
            Admin = new AdminOptions { ApiKey = "a" },
        };

        var result = new GatewayOptionsValidator(new Environment()).Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
        Assert.True(valid || result.Failures!.Single().StartsWith("Storefront:ProductUrl:", StringComparison.Ordinal));
    }

    private static BuyerOptions Oci() => new()
    {
        Id = "sap",
        ErpAccount = "C-1",
        Oci = new OciBuyerOptions
        {
            Username = "demo",
            Password = "demo",
            AllowedHookUrls = ["https://srm.example/sap/bc/", "http://127.0.0.1"],
            Fields = new(StringComparer.OrdinalIgnoreCase) { ["VENDOR"] = "const:100042", ["CUST_FIELD5"] = "extrinsic:CostCenter", ["MATGROUP"] = "classification:UNSPSC", ["FULFILLED_BY"] = "const:Warehouse 2", ["EXT_PRODUCT_ID"] = string.Empty },
            Units = new(StringComparer.OrdinalIgnoreCase) { ["EA"] = "PCE" },
        },
    };

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(BuyerOptions buyer) =>
        new GatewayOptionsValidator(new Environment()).Validate(null, new GatewayOptions
        {
            Buyers = [buyer],
            Storefront = new StorefrontOptions { EntryUrl = "https://shop.example/punchout", ApiKeys = ["k"] },
            Admin = new AdminOptions { ApiKey = "a" },
        });

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Development";

        public string ApplicationName { get; set; } = "Punchout.Gateway";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
