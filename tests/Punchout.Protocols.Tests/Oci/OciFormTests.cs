using Punchout.Protocols.Oci;
using Punchout.TestSupport;

namespace Punchout.Protocols.Tests.Oci;

public sealed class OciFormTests
{
    private static readonly OciItem Chair = new()
    {
        Description = "Excelsior desk chair",
        Quantity = 2,
        Unit = "PCE",
        Price = 763.2m,
        Currency = "EUR",
        PriceUnit = 1,
        LeadTime = 5,
        Vendor = "V-100",
        VendorMat = "DEMO-1001",
        ManufactCode = "ACME",
        ManufactMat = "AC-77",
        MatGroup = "56101504",
        Contract = "K-DEMO",
        ContractItem = "10",
        ExtQuoteId = "Q-1",
        ExtQuoteItem = "1",
        ExtProductId = "DEMO-1001",
        Attachment = "https://shop.example/chair.pdf",
        AttachmentTitle = "Data sheet",
        AttachmentPurpose = "C",
        ExtSchemaType = "UNSPSC",
        ExtCategoryId = "56101504",
        ExtCategory = "Chairs",
        SldSysName = "SHOP",
        CustField1 = "c1",
        CustField2 = "c2",
        CustField3 = "c3",
        CustField4 = "c4",
        CustField5 = "c5",
        ParentId = "1",
        ItemType = "R",
        Service = true,
        Matnr = "M-1",
        LongText = "Long text",
        Extensions = new Dictionary<string, string> { ["FULFILLED_BY"] = "Warehouse 2" },
    };

    [Fact]
    public void Write_EveryField_IsNamedIndexedAndFormatted()
    {
        var result = OciForm.Write([Chair, Chair with { Description = "Second", ParentId = null, ItemType = null }], version: 5);

        Assert.Empty(result.Problems);
        var fields = result.Fields.ToDictionary(f => f.Key, f => f.Value);
        Assert.Equal("Excelsior desk chair", fields["NEW_ITEM-DESCRIPTION[1]"]);
        Assert.Equal("2", fields["NEW_ITEM-QUANTITY[1]"]);
        Assert.Equal("763.2", fields["NEW_ITEM-PRICE[1]"]);
        Assert.Equal("1", fields["NEW_ITEM-PRICEUNIT[1]"]);
        Assert.Equal("X", fields["NEW_ITEM-SERVICE[1]"]);
        Assert.Equal("R", fields["NEW_ITEM-ITEM_TYPE[1]"]);
        Assert.Equal("Long text", fields["NEW_ITEM-LONGTEXT_1:132[]"]);
        Assert.Equal("Warehouse 2", fields["NEW_ITEM-FULFILLED_BY[1]"]);
        Assert.Equal("Second", fields["NEW_ITEM-DESCRIPTION[2]"]);
        Assert.False(fields.ContainsKey("NEW_ITEM-PARENT_ID[2]"));
        foreach (var field in OciField.All)
        {
            Assert.True(fields.ContainsKey($"NEW_ITEM-{field.Name}[1]"), field.Name);
        }
    }

    [Fact]
    public void Write_ForOci4_LeavesOutTheFieldsOfOci5()
    {
        var fields = OciForm.Write([Chair], version: 4).Fields.Select(f => f.Key).ToList();

        Assert.DoesNotContain("NEW_ITEM-PARENT_ID[1]", fields);
        Assert.DoesNotContain("NEW_ITEM-ITEM_TYPE[1]", fields);
        Assert.Contains("NEW_ITEM-CUST_FIELD5[1]", fields);
    }

    [Fact]
    public void Write_LongDescription_IsCutTo40AndSentWholeAsLongText()
    {
        var description = new string('d', 39) + "é and more words";

        var fields = OciForm.Write([Chair with { Description = description, LongText = null }]).Fields.ToDictionary(f => f.Key, f => f.Value);

        Assert.Equal(description[..40], fields["NEW_ITEM-DESCRIPTION[1]"]);
        Assert.Equal(description, fields["NEW_ITEM-LONGTEXT_1:132[]"]);
    }

    [Theory]
    [InlineData(1234.5, "1234.5")]
    [InlineData(0.125, "0.125")]
    [InlineData(10, "10")]
    [InlineData(99999999999.999, "99999999999.999")]
    public void Write_Numbers_HaveAPointAtMostThreeDecimalsAndNoSeparators(double price, string expected) =>
        Assert.Equal(expected, OciForm.Write([Chair with { Price = (decimal)price }]).Fields.Single(f => f.Key == "NEW_ITEM-PRICE[1]").Value);

    [Theory]
    [InlineData("VENDORMAT")]
    [InlineData("CUST_FIELD1")]
    [InlineData("PRICE")]
    [InlineData("QUANTITY")]
    public void Write_ValueThatCannotBeSentAsItIs_IsAProblemNotCutOrRounded(string field)
    {
        var item = field switch
        {
            "VENDORMAT" => Chair with { VendorMat = new string('V', 41) },
            "CUST_FIELD1" => Chair with { CustField1 = "ELEVEN-CHRS" },
            "PRICE" => Chair with { Price = 1.2345m },
            _ => Chair with { Quantity = 0 },
        };

        var problem = Assert.Single(OciForm.Write([item]).Problems);

        Assert.Equal((1, field), (problem.Item, problem.Field));
        Assert.Contains(field, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_LineWithoutDescriptionUnitOrCurrency_IsAProblemPerField()
    {
        var problems = OciForm.Write([new OciItem { Quantity = 1, Price = 5m }]).Problems;

        Assert.Equal(["DESCRIPTION", "UNIT", "CURRENCY"], problems.Select(p => p.Field));
    }

    [Fact]
    public void ReadAfterWrite_GivesTheSameLines()
    {
        var items = new[] { Chair, Chair with { Description = "Second", LongText = null, Extensions = new Dictionary<string, string>() } };

        var back = OciForm.Read(OciForm.Write(items).Fields);

        Assert.Empty(back.Problems);
        StructureAssert.Equal(items, back.Items);
    }

    [Fact]
    public void Read_CorpusBasketWithExtensions_ThroughAnHtmlParser()
    {
        var form = HtmlForms.TheOnly(System.Text.Encoding.UTF8.GetString(Repository.Bytes("tests/corpus/oci/oci-basket-extensions.html")));

        var result = OciForm.Read(form.Fields);

        Assert.Equal(("http://return.to/me", "post"), (form.Action, form.Method));
        Assert.Empty(result.Problems);
        Assert.Equal(10, result.Items.Count);
        var first = result.Items[0];
        Assert.Equal("MantisRegistered Elite Stereo-Betrachtungssystem mit Universalständer... E", first.Description);
        Assert.Equal((1.0m, "PCE", 1730.900m, "EUR", 1, 1), (first.Quantity, first.Unit, first.Price, first.Currency, first.PriceUnit, first.LeadTime));
        Assert.StartsWith("Klare, verzerrungsfreie, dreidimensionale", first.LongText, StringComparison.Ordinal);
        Assert.Equal(("491901E", "491901E"), (first.ManufactMat, first.ExtProductId));
        Assert.Equal("30th cust field with up to 100 characters", first.Extensions["CUST_FIELD30"]);
        Assert.Equal(("Fulfiller 1", "Seller 1", "V19", "0.19"), (first.Extensions["FULFILLED_BY"], first.Extensions["SOLD_BY"], first.Extensions["TAX_CODE"], first.Extensions["TAX_RATE"]));
        Assert.True(result.Items[9].Extensions.ContainsKey("CUST_FIELD50"));
    }

    [Fact]
    public void Read_NumberWithAComma_IsAProblemNotAGuess()
    {
        var result = OciForm.Read([new("NEW_ITEM-DESCRIPTION[1]", "x"), new("NEW_ITEM-QUANTITY[1]", "1,5"), new("new_item-unit[1]", "PCE"), new("NEW_ITEM-LONGTEXT[1]", "old-style long text")]);

        Assert.Equal(("QUANTITY", 1), (Assert.Single(result.Problems).Field, result.Problems[0].Item));
        Assert.Equal(("PCE", "old-style long text"), (result.Items[0].Unit, result.Items[0].LongText));
    }
}

public sealed class OciFormCuttingTests
{
    [Fact]
    public void Write_CharacterOutsideTheBasicPlaneAtTheCut_IsLeftOutWholeNeverHalved()
    {
        var description = new string('x', 39) + "😀 and more";

        var fields = OciForm.Write([new OciItem { Description = description, Quantity = 1, Unit = "PCE" }]).Fields.ToDictionary(f => f.Key, f => f.Value);

        Assert.Equal(new string('x', 39), fields["NEW_ITEM-DESCRIPTION[1]"]);
        Assert.Equal(description, fields["NEW_ITEM-LONGTEXT_1:132[]"]);
    }
}

public sealed class OciFormAsSentTests
{
    private static string Latin1(string text) =>
        string.Concat(text.EnumerateRunes().Select(r => r.Value <= 0xFF ? r.ToString() : $"&#{r.Value};"));

    [Fact]
    public void Write_LengthsAreThoseOfTheTextAsSent_AndACutNeverSplitsAReference()
    {
        var cyrillic = "Ручка шариковая синяя, коробка 12"; // 33 characters, 7 or 6 times as long as references

        var fields = OciForm.Write([new OciItem { Description = cyrillic, Quantity = 1, Unit = "PCE" }], asSent: Latin1).Fields.ToDictionary(f => f.Key, f => f.Value);

        var description = fields["NEW_ITEM-DESCRIPTION[1]"];
        Assert.True(description.Length <= 40, description);
        Assert.Equal("&#1056;&#1091;&#1095;&#1082;&#1072; ", description);
        Assert.Equal(Latin1(cyrillic), fields["NEW_ITEM-LONGTEXT_1:132[]"]);
    }

    [Fact]
    public void Write_OtherTextLongerAsSent_IsAProblem()
    {
        var problems = OciForm.Write([new OciItem { Description = "Pen", Quantity = 1, Unit = "PCE", CustField1 = "Ручка" }], asSent: Latin1).Problems;

        Assert.Equal("CUST_FIELD1", Assert.Single(problems).Field);
    }
}
