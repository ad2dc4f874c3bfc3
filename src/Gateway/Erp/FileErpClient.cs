using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Punchout.Gateway.Observability;
using Punchout.Gateway.Redis;
using Punchout.Validation.Erp;

namespace Punchout.Gateway.Erp;

/// <summary>An ERP over JSON files (<c>items.json</c>, <c>contracts.json</c>, optionally <c>credit.json</c>), the
/// embedded default for trying the gateway.</summary>
/// <remarks>Prices, entitlements and credit come from the files (an account not in <c>credit.json</c>, or no such
/// file, has credit); orders are kept in memory, deduplicated by idempotency key,
/// and refused when they name a part the files do not know.</remarks>
public sealed class FileErpClient : IErpClient
{
    private readonly Dictionary<string, FileItem> items;
    private readonly Dictionary<string, FileContract> contracts;
    private readonly Dictionary<string, FileCredit> credit;
    private readonly ConcurrentDictionary<string, string> orders = new(StringComparer.Ordinal);
    private readonly ILogger<FileErpClient> logger;
    private int sequence = 1000;

    /// <summary>Loads the ERP's data from <paramref name="dataPath"/>.</summary>
    public FileErpClient(string dataPath, ILogger<FileErpClient> logger)
    {
        this.logger = logger;
        var catalog = Load<FileCatalog>(Path.Combine(dataPath, "items.json"));
        var book = Load<FileContractBook>(Path.Combine(dataPath, "contracts.json"));
        items = catalog.Items.ToDictionary(i => i.SupplierPartId, StringComparer.OrdinalIgnoreCase);
        contracts = book.Contracts.ToDictionary(c => c.Account, StringComparer.OrdinalIgnoreCase);
        var creditPath = Path.Combine(dataPath, "credit.json");
        credit = File.Exists(creditPath)
            ? new Dictionary<string, FileCredit>(Load<Dictionary<string, FileCredit>>(creditPath), StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, FileCredit>(StringComparer.OrdinalIgnoreCase);
        if (credit.FirstOrDefault(c => c.Value.Status is not ("ok" or "hold" or "over-limit")) is { Key: not null } bad)
        {
            throw new InvalidOperationException($"The file-backed ERP cannot read {creditPath}: account {bad.Key} has status '{bad.Value.Status}', not ok, hold or over-limit.");
        }
    }

    /// <inheritdoc />
    /// <remarks>An account with status ok and an <c>available</c> amount is over its limit when asked for more.</remarks>
    public Task<ErpOutcome<CreditDecision>> CheckCreditAsync(CreditCheckRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!credit.TryGetValue(request.Account, out var entry))
        {
            return Task.FromResult(ErpOutcome.Success(new CreditDecision(request.Account, CreditStatus.Ok, null, null)));
        }

        var decision = entry.Status switch
        {
            "hold" => new CreditDecision(request.Account, CreditStatus.Hold, entry.Available, entry.Reason ?? $"Account {request.Account} is on credit hold."),
            "over-limit" => new CreditDecision(request.Account, CreditStatus.OverLimit, entry.Available, entry.Reason ?? $"Account {request.Account} is over its credit limit."),
            _ when request.Amount > entry.Available => new CreditDecision(
                request.Account,
                CreditStatus.OverLimit,
                entry.Available,
                string.Create(CultureInfo.InvariantCulture, $"{request.Amount} {request.Currency} is more than the {entry.Available} available to account {request.Account}.")),
            _ => new CreditDecision(request.Account, CreditStatus.Ok, entry.Available, null),
        };
        return Task.FromResult(ErpOutcome.Success(decision));
    }

    /// <inheritdoc />
    public Task<ErpOutcome<PriceQuote>> QuotePricesAsync(PriceQuoteRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var contract = contracts.GetValueOrDefault(request.Account);
        var lines = request.Lines.Select(line =>
        {
            var item = items.GetValueOrDefault(line.SupplierPartId);
            var price = contract?.Prices.FirstOrDefault(p => string.Equals(p.SupplierPartId, line.SupplierPartId, StringComparison.OrdinalIgnoreCase));
            return new QuotedLine
            {
                LineRef = line.LineRef,
                SupplierPartId = line.SupplierPartId,
                Entitled = item is not null && price is not null,
                UnitPrice = item is null ? null : price?.UnitPrice,
                Currency = contract?.Currency,
                UnitOfMeasure = item?.UnitOfMeasure,
                PriceBasisQuantity = 1,
                ValidFrom = contract?.ValidFrom,
                ValidTo = contract?.ValidTo,
                ContractId = contract?.ContractId,
                MinQuantity = 1,
                OrderMultiple = 1,
                Classification = item?.Classification,
                Description = item?.Description,
            };
        }).ToList();
        return Task.FromResult(ErpOutcome.Success(new PriceQuote(request.Account, contract?.TaxExempt ?? false, lines)));
    }

    /// <inheritdoc />
    public Task<ErpOutcome<ErpOrderAccepted>> SubmitOrderAsync(ErpOrder order, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var unknown = order.Lines.Where(l => !items.ContainsKey(l.SupplierPartId)).Select(l => l.SupplierPartId).ToList();
        if (unknown.Count > 0)
        {
            return Task.FromResult(ErpOutcome.Failed<ErpOrderAccepted>(ErpFailureKind.Rejected, $"Unknown parts: {string.Join(", ", unknown)}.", 422));
        }

        var known = true;
        var erpOrderId = orders.GetOrAdd(idempotencyKey, _ =>
        {
            known = false;
            return "SO-" + Interlocked.Increment(ref sequence).ToString(CultureInfo.InvariantCulture);
        });
        if (!known)
        {
            logger.FileErpOrder(order.OrderId, order.Buyer, erpOrderId);
        }

        return Task.FromResult(ErpOutcome.Success(new ErpOrderAccepted(erpOrderId, known)));
    }

    private static T Load<T>(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<T>(stream, GatewayJson.Options)
                ?? throw new InvalidOperationException($"{path} is empty.");
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"The file-backed ERP cannot read {path}: {ex.Message}", ex);
        }
    }

    private sealed record FileCredit(string Status, decimal? Available, string? Reason);

    private sealed record FileCatalog(IReadOnlyList<FileItem> Items);

    private sealed record FileItem(string SupplierPartId, string Description, string UnitOfMeasure, ErpClassification? Classification, decimal ListPrice);

    private sealed record FileContractBook(IReadOnlyList<FileContract> Contracts);

    private sealed record FileContract(string Account, string ContractId, string Currency, bool TaxExempt, DateTimeOffset? ValidFrom, DateTimeOffset? ValidTo, IReadOnlyList<FilePrice> Prices);

    private sealed record FilePrice(string SupplierPartId, decimal UnitPrice);
}
