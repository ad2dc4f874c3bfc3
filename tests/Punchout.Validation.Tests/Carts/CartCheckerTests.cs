using Microsoft.Extensions.Time.Testing;
using Punchout.Validation.Carts;
using Punchout.Validation.Erp;

namespace Punchout.Validation.Tests.Carts;

public class CartCheckerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider clock = new(Now);
    private readonly ContractErp erp = new();

    public CartCheckerTests()
    {
        erp.Prices["DEMO-1001"] = 12.50m;
        erp.Prices["DEMO-1002"] = 5.75m;
    }

    [Fact]
    public async Task CheckAsync_LinesAtTheContractPrice_AreAcceptedInOneQuoteCall()
    {
        var result = await Check(Line("DEMO-1001", 2, 12.50m), Line("DEMO-1002", 4, 5.75m));

        Assert.Equal(CartCheckOutcome.Accepted, result.Outcome);
        Assert.Equal([1, 2], result.Lines.Select(l => l.Line));
        Assert.Equal(48.00m, result.Total);
        var call = Assert.Single(erp.Quotes);
        Assert.Equal("C-1", call.Account);
        Assert.Equal("USD", call.Currency);
        Assert.Equal(["DEMO-1001", "DEMO-1002"], call.Lines.Select(l => l.SupplierPartId));
    }

    [Fact]
    public async Task CheckAsync_PriceBelowTheContract_IsRefusedWithTheErpPrice()
    {
        var result = await Check(Line("DEMO-1001", 2, 11.90m));

        var problem = Assert.Single(result.Problems);
        Assert.Equal(CartCheckOutcome.Refused, result.Outcome);
        Assert.Equal((1, CartProblemCodes.PriceMismatch, 12.50m), (problem.Line, problem.Code, problem.ErpUnitPrice));
        Assert.Contains("12.50", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_SeveralBadLines_ReportsEveryOneNotOnlyTheFirst()
    {
        erp.NotEntitled.Add("DEMO-1002");

        var result = await Check(Line("DEMO-1001", 1, 1m), Line("DEMO-1002", 1, 5.75m), Line("NOPE", 1, 1m), Line("DEMO-1001", 1, 12.50m));

        Assert.Equal(
            [(1, CartProblemCodes.PriceMismatch), (2, CartProblemCodes.NotEntitled), (3, CartProblemCodes.UnknownPart)],
            result.Problems.Select(p => (p.Line, p.Code)));
        Assert.Empty(result.Lines);
    }

    [Fact]
    public async Task CheckAsync_MalformedLines_AreAllReportedWithoutAskingTheErp()
    {
        var result = await Check(Line("", 0, -1m), Line("DEMO-1001", 1, 12.50m) with { UnitOfMeasure = null });

        Assert.Equal(CartCheckOutcome.Refused, result.Outcome);
        Assert.Equal([1, 1, 1, 2], result.Problems.Select(p => p.Line));
        Assert.All(result.Problems, p => Assert.Equal(CartProblemCodes.InvalidLine, p.Code));
        Assert.Empty(erp.Quotes);
    }

    [Fact]
    public async Task CheckAsync_EmptyCartOrNoCurrency_IsRefused()
    {
        var result = await new CartChecker(erp, clock).CheckAsync("C-1", new StorefrontCart { Currency = null, Lines = [] }, CancellationToken.None);

        Assert.Equal(2, result.Problems.Count);
        Assert.All(result.Problems, p => Assert.Equal(0, p.Line));
    }

    [Fact]
    public async Task CheckAsync_ContractInAnotherCurrency_IsRefusedAsCurrencyMismatch()
    {
        erp.Currency = "EUR";

        var result = await Check(Line("DEMO-1001", 1, 12.50m));

        Assert.Equal(CartProblemCodes.CurrencyMismatch, Assert.Single(result.Problems).Code);
    }

    [Fact]
    public async Task CheckAsync_ContractPriceExpired_IsRefusedAsPriceExpired()
    {
        erp.ValidTo = Now.AddHours(1);
        clock.Advance(TimeSpan.FromHours(2));

        var result = await Check(Line("DEMO-1001", 1, 12.50m));

        Assert.Equal(CartProblemCodes.PriceExpired, Assert.Single(result.Problems).Code);
    }

    [Fact]
    public async Task CheckAsync_ErpUnavailable_FailsClosed()
    {
        erp.Unavailable = true;

        var result = await Check(Line("DEMO-1001", 1, 12.50m));

        Assert.Equal(CartCheckOutcome.PricingUnavailable, result.Outcome);
        Assert.Equal("ERP down", result.UnavailableReason);
        Assert.Empty(result.Lines);
    }

    [Fact]
    public async Task CheckAsync_PriceBasisQuantity_DividesTheLineAmount()
    {
        erp.PriceBasis = 12;

        var result = await Check(Line("DEMO-1001", 24, 12.50m));

        Assert.Equal(25.00m, Assert.Single(result.Lines).Amount);
    }

    private Task<CartCheckResult> Check(params CartLine[] lines) =>
        new CartChecker(erp, clock).CheckAsync("C-1", new StorefrontCart { Currency = "usd", Lines = lines }, CancellationToken.None);

    private static CartLine Line(string part, decimal quantity, decimal price) =>
        new() { SupplierPartId = part, Quantity = quantity, UnitPrice = price, UnitOfMeasure = "EA" };

    // An ERP with one contract: the parts in Prices, minus those not entitled.
    private sealed class ContractErp : IErpClient
    {
        public Dictionary<string, decimal> Prices { get; } = [];

        public HashSet<string> NotEntitled { get; } = [];

        public List<PriceQuoteRequest> Quotes { get; } = [];

        public string Currency { get; set; } = "USD";

        public DateTimeOffset? ValidTo { get; set; }

        public decimal PriceBasis { get; set; } = 1;

        public bool Unavailable { get; set; }

        public Task<ErpOutcome<PriceQuote>> QuotePricesAsync(PriceQuoteRequest request, CancellationToken cancellationToken)
        {
            Quotes.Add(request);
            if (Unavailable)
            {
                return Task.FromResult(ErpOutcome.Failed<PriceQuote>(ErpFailureKind.Unavailable, "ERP down"));
            }

            var lines = request.Lines
                .Where(l => Prices.ContainsKey(l.SupplierPartId))
                .Select(l => new QuotedLine
                {
                    LineRef = l.LineRef,
                    SupplierPartId = l.SupplierPartId,
                    Entitled = !NotEntitled.Contains(l.SupplierPartId),
                    UnitPrice = NotEntitled.Contains(l.SupplierPartId) ? null : Prices[l.SupplierPartId],
                    Currency = Currency,
                    UnitOfMeasure = "EA",
                    PriceBasisQuantity = PriceBasis,
                    ValidFrom = Now.AddDays(-30),
                    ValidTo = ValidTo,
                })
                .ToList();
            return Task.FromResult(ErpOutcome.Success(new PriceQuote(request.Account, false, lines)));
        }

        public Task<ErpOutcome<ErpOrderAccepted>> SubmitOrderAsync(ErpOrder order, string idempotencyKey, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
