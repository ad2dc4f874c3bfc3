using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Polly.Timeout;
using Punchout.Gateway.Redis;
using Punchout.Validation.Carts;

namespace Punchout.Gateway.Catalog;

/// <summary>The storefront's product search over HTTP: <c>GET Storefront:SearchUrl</c> with <c>{query}</c> replaced by
/// the escaped query, answering <c>{"items":[{"supplierPartId","description","unitOfMeasure","classification"}]}</c>
/// (docs/oci-functions.md).</summary>
/// <remarks>A non-2xx answer, a timeout, a refused connection, or JSON outside that shape (an item without
/// supplierPartId or unitOfMeasure included) is unavailability; the resilience pipeline has retried by then.</remarks>
public sealed class HttpProductCatalog(HttpClient http, string searchUrl) : IProductCatalog
{
    /// <inheritdoc />
    public async Task<CatalogSearch> SearchAsync(string query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var url = new Uri(searchUrl.Replace("{query}", Uri.EscapeDataString(query), StringComparison.Ordinal));
        try
        {
            using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return CatalogSearch.Unavailable($"The storefront's search answered HTTP {(int)response.StatusCode}.");
            }

            var answer = await response.Content.ReadFromJsonAsync<SearchAnswer>(GatewayJson.Options, cancellationToken).ConfigureAwait(false);
            if (answer?.Items is not { } items)
            {
                return CatalogSearch.Unavailable("The storefront's search answered no items array.");
            }

            var products = new List<CatalogProduct>(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is not { SupplierPartId: { Length: > 0 } part, UnitOfMeasure: { Length: > 0 } unit } item)
                {
                    return CatalogSearch.Unavailable(string.Create(CultureInfo.InvariantCulture, $"Item {i + 1} of the storefront's search has no supplierPartId or unitOfMeasure."));
                }

                products.Add(new CatalogProduct(part, item.Description, unit, item.Classification is { Domain.Length: > 0, Code.Length: > 0 } c ? c : null));
            }

            return CatalogSearch.Found(products);
        }
        catch (JsonException ex)
        {
            return CatalogSearch.Unavailable($"The storefront's search answer is not the JSON of the contract: {ex.Message}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException
                                   || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return CatalogSearch.Unavailable(ex is HttpRequestException ? $"The storefront's search could not be reached: {ex.Message}" : "The storefront's search did not answer in time.");
        }
    }

    private sealed record SearchAnswer(IReadOnlyList<SearchItem?>? Items);

    private sealed record SearchItem(string? SupplierPartId, string? Description, string? UnitOfMeasure, CartClassification? Classification);
}
