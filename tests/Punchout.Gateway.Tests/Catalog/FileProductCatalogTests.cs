using Punchout.Gateway.Catalog;
using Punchout.TestSupport;

namespace Punchout.Gateway.Tests.Catalog;

public class FileProductCatalogTests
{
    private static readonly FileProductCatalog Samples = new(Repository.PathOf("samples/erp"));

    [Theory]
    [InlineData("demo-100", new[] { "DEMO-1001", "DEMO-1002", "DEMO-1003", "DEMO-1004" })]
    [InlineData("PAPER a4", new[] { "DEMO-1002" })]
    [InlineData("black stapler", new[] { "DEMO-1003" })]
    [InlineData("stapler blue", new string[0])]
    public async Task Search_FindsProductsWithEveryWordInPartIdOrDescription_InAnyCase(string query, string[] parts)
    {
        var search = await Samples.SearchAsync(query, CancellationToken.None);

        Assert.Equal(parts, search.Products!.Select(p => p.SupplierPartId));
    }

    [Fact]
    public async Task Find_TakesOnlyTheProductWithThatPartId_WithItsUnitAndClassification()
    {
        var found = await Samples.FindAsync("demo-1002", CancellationToken.None);

        var product = Assert.Single(found.Products!);
        Assert.Equal(("DEMO-1002", "EA", "14111507"), (product.SupplierPartId, product.UnitOfMeasure, product.Classification!.Code));
        Assert.Empty((await Samples.FindAsync("DEMO-10", CancellationToken.None)).Products!);
    }

    [Fact]
    public async Task Search_WithoutItsFolder_IsUnavailable_NotAnException()
    {
        var search = await new FileProductCatalog(null).SearchAsync("pen", CancellationToken.None);

        Assert.Null(search.Products);
        Assert.Contains("Storefront:SearchUrl", search.UnavailableReason, StringComparison.Ordinal);
    }
}
