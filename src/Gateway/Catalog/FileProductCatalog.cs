using System.Text.Json;
using Punchout.Gateway.Redis;
using Punchout.Validation.Carts;

namespace Punchout.Gateway.Catalog;

/// <summary>The catalog over the file-backed ERP's <c>items.json</c>, when no <c>Storefront:SearchUrl</c> is set.</summary>
/// <remarks>A product matches when every word of the query occurs in its part id or description, in any letter case.
/// The file is read once, on the first search; a missing or unreadable file makes every search unavailable.</remarks>
public sealed class FileProductCatalog(string? dataPath) : IProductCatalog
{
    private readonly Lazy<CatalogSearch> all = new(() => Load(dataPath));

    /// <inheritdoc />
    public Task<CatalogSearch> SearchAsync(string query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (all.Value.Products is not { } products)
        {
            return Task.FromResult(all.Value);
        }

        var words = query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return Task.FromResult(CatalogSearch.Found([.. products.Where(p => words.All(w => Matches(p, w)))]));
    }

    private static bool Matches(CatalogProduct product, string word) =>
        product.SupplierPartId.Contains(word, StringComparison.OrdinalIgnoreCase)
        || (product.Description?.Contains(word, StringComparison.OrdinalIgnoreCase) ?? false);

    private static CatalogSearch Load(string? dataPath)
    {
        if (dataPath is null)
        {
            return CatalogSearch.Unavailable("No Storefront:SearchUrl is set and the folder of Erp:DataPath does not exist.");
        }

        var path = Path.Combine(dataPath, "items.json");
        try
        {
            using var stream = File.OpenRead(path);
            var file = JsonSerializer.Deserialize<ItemsFile>(stream, GatewayJson.Options);
            return CatalogSearch.Found([.. (file?.Items ?? []).Where(i => i.SupplierPartId is { Length: > 0 } && i.UnitOfMeasure is { Length: > 0 })
                .Select(i => new CatalogProduct(i.SupplierPartId!, i.Description, i.UnitOfMeasure!, i.Classification))]);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return CatalogSearch.Unavailable($"The catalog cannot read {path}: {ex.Message}");
        }
    }

    private sealed record ItemsFile(IReadOnlyList<Item>? Items);

    private sealed record Item(string? SupplierPartId, string? Description, string? UnitOfMeasure, CartClassification? Classification);
}
