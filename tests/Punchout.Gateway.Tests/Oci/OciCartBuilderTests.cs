using Punchout.Gateway.Configuration;
using Punchout.Gateway.Oci;
using Punchout.Gateway.Sessions;
using Punchout.Validation.Carts;
using Punchout.Validation.Erp;

namespace Punchout.Gateway.Tests.Oci;

/// <summary>Which OCI field takes which value: the defaults, a buyer's own sources, its unit codes, and the hidden fields.</summary>
public sealed class OciCartBuilderTests
{
    private static readonly OciSession Session = new(
        "https://srm.example/sap/bc/hook?sap-client=100&mode=a b",
        "_parent",
        [new("~OkCode", "ADDI"), new("~CALLER", "CTLG")],
        null,
        5);

    [Fact]
    public void Defaults_FillDescriptionPriceUnitPartsAndGroup_AndNothingTheBuyerDidNotAskFor()
    {
        var fields = Fields(Buyer());

        Assert.Equal("Pen", fields["NEW_ITEM-DESCRIPTION[1]"]);
        Assert.Equal(("3", "EA", "12.5", "USD", "5"), (fields["NEW_ITEM-QUANTITY[1]"], fields["NEW_ITEM-UNIT[1]"], fields["NEW_ITEM-PRICE[1]"], fields["NEW_ITEM-CURRENCY[1]"], fields["NEW_ITEM-LEADTIME[1]"]));
        Assert.Equal(("DEMO-1001", "DEMO-1001", "M-77", "44121701"), (fields["NEW_ITEM-VENDORMAT[1]"], fields["NEW_ITEM-EXT_PRODUCT_ID[1]"], fields["NEW_ITEM-MANUFACTMAT[1]"], fields["NEW_ITEM-MATGROUP[1]"]));
        Assert.False(fields.ContainsKey("NEW_ITEM-VENDOR[1]"));
        Assert.False(fields.ContainsKey("NEW_ITEM-CONTRACT[1]"));
        Assert.Equal("1", fields["NEW_ITEM-PRICEUNIT[1]"]);
    }

    [Fact]
    public void BuyerSources_ConstantsExtrinsicsClassificationDomainsExtensionsAndLeavingOut()
    {
        var fields = Fields(Buyer(new()
        {
            ["VENDOR"] = "const:100042",
            ["CUST_FIELD5"] = "extrinsic:CostCenter",
            ["MATGROUP"] = "classification:eCLASS",
            ["CONTRACT"] = "contract",
            ["EXT_QUOTE_ID"] = "auxiliaryId",
            ["FULFILLED_BY"] = "const:Warehouse 2",
            ["EXT_PRODUCT_ID"] = string.Empty,
        }));

        Assert.Equal(("100042", "CC-4711", "K-DEMO", "quote-7", "Warehouse 2"), (fields["NEW_ITEM-VENDOR[1]"], fields["NEW_ITEM-CUST_FIELD5[1]"], fields["NEW_ITEM-CONTRACT[1]"], fields["NEW_ITEM-EXT_QUOTE_ID[1]"], fields["NEW_ITEM-FULFILLED_BY[1]"]));
        Assert.False(fields.ContainsKey("NEW_ITEM-MATGROUP[1]"), "the line is classified in UNSPSC, not eCLASS");
        Assert.False(fields.ContainsKey("NEW_ITEM-EXT_PRODUCT_ID[1]"));
    }

    [Fact]
    public void Units_AreTranslated_AndPriceBasisBecomesPriceUnit()
    {
        var fields = Fields(Buyer(units: new() { ["EA"] = "PCE" }), basis: 100);

        Assert.Equal(("PCE", "100"), (fields["NEW_ITEM-UNIT[1]"], fields["NEW_ITEM-PRICEUNIT[1]"]));
    }

    [Fact]
    public void FractionalPriceBasis_IsAProblem()
    {
        var result = OciCartBuilder.Fields(Check(basis: 2.5m), Buyer(), Session);

        Assert.Contains(result.Problems, p => p.Field == "PRICEUNIT");
    }

    [Fact]
    public void LeadTimeThatIsNoWholeNumber_IsAProblemNotDropped()
    {
        var result = OciCartBuilder.Fields(Check(), Buyer(new() { ["LEADTIME"] = "const:two weeks" }), Session);

        Assert.Contains(result.Problems, p => p.Field == "LEADTIME" && p.Message.Contains("two weeks", StringComparison.Ordinal));
    }

    [Fact]
    public void HiddenFields_AreTheHookQueryThenTheEchoes_AndTheActionHasNoQuery()
    {
        var result = OciCartBuilder.Fields(Check(), Buyer(), Session);

        Assert.Equal([("sap-client", "100"), ("mode", "a b"), ("~OkCode", "ADDI"), ("~CALLER", "CTLG")], result.Fields.Take(4).Select(f => (f.Key, f.Value)));
        Assert.Equal("https://srm.example/sap/bc/hook", OciCartBuilder.Action(Session.HookUrl));
        Assert.Equal(4, OciCartBuilder.Empty(Session).Count);
    }

    private static Dictionary<string, string> Fields(OciBuyer buyer, decimal basis = 1)
    {
        var result = OciCartBuilder.Fields(Check(basis), buyer, Session);
        Assert.Empty(result.Problems);
        return result.Fields.ToDictionary(f => f.Key, f => f.Value);
    }

    private static CartCheckResult Check(decimal basis = 1) => new()
    {
        Outcome = CartCheckOutcome.Accepted,
        Currency = "USD",
        Lines =
        [
            new PricedCartLine(
                1,
                new CartLine
                {
                    SupplierPartId = "DEMO-1001",
                    SupplierPartAuxiliaryId = "quote-7",
                    Quantity = 3,
                    UnitPrice = 12.50m,
                    UnitOfMeasure = "EA",
                    Description = "Pen",
                    ManufacturerPartId = "M-77",
                    LeadTimeDays = 5,
                    Classification = new CartClassification("UNSPSC", "44121701"),
                    Extrinsics = new Dictionary<string, string> { ["CostCenter"] = "CC-4711" },
                },
                new QuotedLine { LineRef = "1", SupplierPartId = "DEMO-1001", Entitled = true, UnitPrice = 12.50m, Currency = "USD", UnitOfMeasure = "EA", PriceBasisQuantity = basis, ContractId = "K-DEMO" },
                "USD"),
        ],
    };

    private static OciBuyer Buyer(Dictionary<string, string>? fields = null, Dictionary<string, string>? units = null) => OciBuyer.From(new OciBuyerOptions
    {
        Username = "demo",
        Password = "demo",
        AllowedHookUrls = ["https://srm.example/sap/"],
        Fields = new(fields ?? [], StringComparer.OrdinalIgnoreCase),
        Units = new(units ?? [], StringComparer.OrdinalIgnoreCase),
    });
}
