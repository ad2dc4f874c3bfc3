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
        var result = await new CartChecker(erp, clock).CheckAsync("C-1", new StorefrontCart { Currency = null, Lines = [] }, PriceMismatchPolicy.Reject, 0m, CancellationToken.None);

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

    [Fact]
    public async Task CheckAsync_UseErpPricePolicy_AcceptsTheLineAtTheErpPriceAndSaysSo()
    {
        var result = await Check(PriceMismatchPolicy.UseErpPrice, Line("DEMO-1001", 2, 11.90m), Line("DEMO-1002", 1, 5.75m));

        Assert.Equal(CartCheckOutcome.Accepted, result.Outcome);
        Assert.Equal([(12.50m, true), (5.75m, false)], result.Lines.Select(l => (l.UnitPrice, l.Repriced)));
        Assert.Equal(30.75m, result.Total);
    }

    [Fact]
    public async Task CheckAsync_UnitTheContractDoesNotPrice_IsRefusedAsUnitMismatch()
    {
        var result = await Check(Line("DEMO-1001", 1, 12.50m) with { UnitOfMeasure = "BX" });

        var problem = Assert.Single(result.Problems);
        Assert.Equal(CartProblemCodes.UnitMismatch, problem.Code);
        Assert.Contains("per EA", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "at least 2")]
    [InlineData(14, "at most 12")]
    [InlineData(5, "multiple of 2")]
    public async Task CheckAsync_QuantityOutsideTheErpsRules_IsRefused(int quantity, string why)
    {
        erp.Quantities = (2, 12, 2);

        var problem = Assert.Single((await Check(Line("DEMO-1001", quantity, 12.50m))).Problems);

        Assert.Equal(CartProblemCodes.QuantityNotAllowed, problem.Code);
        Assert.Contains(why, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_PartInAnotherLetterCase_IsReturnedAsTheErpSpellsIt()
    {
        var result = await Check(Line("demo-1001", 1, 12.50m));

        Assert.Equal("DEMO-1001", Assert.Single(result.Lines).SupplierPartId);
    }

    [Fact]
    public async Task CheckAsync_NullLineOrControlCharacter_IsAnInvalidLine()
    {
        var result = await new CartChecker(erp, clock).CheckAsync(
            "C-1",
            new StorefrontCart { Currency = "USD", Lines = [null, Line("DEMO-1001", 1, 12.50m) with { Description = "bad \u0001 text" }] },
            PriceMismatchPolicy.Reject,
            0m,
            CancellationToken.None);

        Assert.Equal([(1, CartProblemCodes.InvalidLine), (2, CartProblemCodes.InvalidLine)], result.Problems.Select(p => (p.Line, p.Code)));
        Assert.Empty(erp.Quotes);
    }

    [Fact]
    public async Task CheckAsync_QuoteWithALineRefTwice_IsTreatedAsPricingUnavailable()
    {
        erp.DuplicateLineRefs = true;

        var result = await Check(Line("DEMO-1001", 1, 12.50m), Line("DEMO-1002", 1, 5.75m));

        Assert.Equal(CartCheckOutcome.PricingUnavailable, result.Outcome);
    }

    [Fact]
    public async Task CheckAsync_QuoteAnsweringALineForAnotherPart_IsTreatedAsPricingUnavailable()
    {
        erp.Prices["DEMO-1001"] = 12.50m;
        erp.AnswerPart = "SOMETHING-ELSE";

        var result = await Check(PriceMismatchPolicy.UseErpPrice, Line("DEMO-1001", 1, 12.50m));

        Assert.Equal(CartCheckOutcome.PricingUnavailable, result.Outcome);
        Assert.Contains("SOMETHING-ELSE", result.UnavailableReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("JPY", 1234.5, 1235)]
    [InlineData("USD", 10.005, 10.01)]
    [InlineData("KWD", 1.0005, 1.001)]
    public void Round_ToTheCurrencysMinorUnit(string currency, decimal amount, decimal rounded) =>
        Assert.Equal(rounded, CurrencyAmounts.Round(amount, currency));

    [Theory]
    [InlineData("PCS")]
    [InlineData("pcs")]
    [InlineData(" Stk ")]
    [InlineData("each")]
    [InlineData("EA")]
    [InlineData("ea")]
    public async Task CheckAsync_StorefrontUnitInTheBuyersMapOrAlreadyACode_IsPricedAndReturnedAsItsCode(string unit)
    {
        var result = await Check(Units, Line("DEMO-1001", 2, 12.50m) with { UnitOfMeasure = unit });

        Assert.Equal(CartCheckOutcome.Accepted, result.Outcome);
        Assert.Equal("EA", Assert.Single(Assert.Single(erp.Quotes).Lines).UnitOfMeasure);
        Assert.Equal("EA", Assert.Single(result.Lines).CartLine.UnitOfMeasure);
    }

    [Theory]
    [InlineData("EACH")]
    [InlineData("Stück")]
    [InlineData("E")]
    public async Task CheckAsync_UnitNeitherMappedNorACode_IsAnInvalidLineNamingTheUnit_WithoutAskingTheErp(string unit)
    {
        var result = await Check(Line("DEMO-1001", 2, 12.50m), Line("DEMO-1002", 1, 5.75m) with { UnitOfMeasure = unit });

        var problem = Assert.Single(result.Problems);
        Assert.Equal((2, CartProblemCodes.InvalidLine), (problem.Line, problem.Code));
        Assert.Contains($"'{unit}'", problem.Message, StringComparison.Ordinal);
        Assert.Empty(erp.Quotes);
    }

    [Fact]
    public async Task CheckAsync_MappedUnitTheContractDoesNotPrice_IsStillAUnitMismatch()
    {
        var result = await Check(new UnitCodes(new Dictionary<string, string> { ["KARTON"] = "CT" }), Line("DEMO-1001", 1, 12.50m) with { UnitOfMeasure = "Karton" });

        var problem = Assert.Single(result.Problems);
        Assert.Equal(CartProblemCodes.UnitMismatch, problem.Code);
        Assert.Contains("the cart says CT", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_PriceBasisQuantity_ReachesTheLineAmountsAndTheRoundedTotal()
    {
        erp.PriceBasis = 100;

        var result = await Check(Line("DEMO-1001", 250, 12.50m), Line("DEMO-1002", 3, 5.75m));

        Assert.Equal([31.25m, 0.1725m], result.Lines.Select(l => l.Amount));
        Assert.Equal(31.42m, result.Total);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task CheckAsync_PriceBasisQuantityNotAboveZero_IsTreatedAsPricingUnavailable(int basis)
    {
        erp.PriceBasis = basis;

        var result = await Check(Line("DEMO-1001", 1, 12.50m));

        Assert.Equal(CartCheckOutcome.PricingUnavailable, result.Outcome);
    }

    [Fact]
    public async Task CheckAsync_ContractPriceExpired_NamesTheExpiryAndTheErpPrice()
    {
        erp.ValidTo = Now.AddHours(1);
        clock.Advance(TimeSpan.FromHours(2));

        var problem = Assert.Single((await Check(Line("DEMO-1001", 1, 12.50m))).Problems);

        Assert.Equal((CartProblemCodes.PriceExpired, 12.50m), (problem.Code, problem.ErpUnitPrice));
        Assert.Contains("12.50 USD, expired at 2026-11-26T13:00:00.0000000+00:00", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_ContractPriceValidUntilNow_StillPasses()
    {
        erp.ValidTo = Now;

        Assert.Equal(CartCheckOutcome.Accepted, (await Check(Line("DEMO-1001", 1, 12.50m))).Outcome);
    }

    [Fact]
    public async Task CheckAsync_ContractPriceNewSinceThePunchoutStarted_SaysTheStorefrontShowedTheOldOne()
    {
        erp.ValidFrom = Now.AddMinutes(-5);
        erp.Prices["DEMO-1001"] = 13.10m;
        var context = new CartCheckContext(UnitCodes.None, Now.AddMinutes(-20));

        var problem = Assert.Single((await new CartChecker(erp, clock).CheckAsync("C-1", new StorefrontCart { Currency = "USD", Lines = [Line("DEMO-1001", 1, 12.50m)] }, PriceMismatchPolicy.Reject, 0m, context, CancellationToken.None)).Problems);

        Assert.Equal((CartProblemCodes.PriceMismatch, 13.10m), (problem.Code, problem.ErpUnitPrice));
        Assert.Contains("changed at 2026-11-26T11:55:00.0000000+00:00, after the punchout started", problem.Message, StringComparison.Ordinal);
    }

    private static readonly UnitCodes Units = new(new Dictionary<string, string> { ["PCS"] = "EA", ["STK"] = "EA", ["EACH"] = "EA" });

    private Task<CartCheckResult> Check(UnitCodes units, params CartLine[] lines) =>
        new CartChecker(erp, clock).CheckAsync("C-1", new StorefrontCart { Currency = "usd", Lines = lines }, PriceMismatchPolicy.Reject, 0m, new CartCheckContext(units), CancellationToken.None);

    private Task<CartCheckResult> Check(params CartLine[] lines) => Check(PriceMismatchPolicy.Reject, lines);

    private Task<CartCheckResult> Check(PriceMismatchPolicy policy, params CartLine[] lines) => Check(policy, 0m, lines);

    private Task<CartCheckResult> Check(PriceMismatchPolicy policy, decimal tolerance, params CartLine[] lines) =>
        new CartChecker(erp, clock).CheckAsync("C-1", new StorefrontCart { Currency = "usd", Lines = lines }, policy, tolerance, CancellationToken.None);

    [Theory]
    [InlineData(12.47, 0.05, true)]
    [InlineData(12.55, 0.05, true)]
    [InlineData(12.44, 0.05, false)]
    [InlineData(12.49, 0, false)]
    public async Task CheckAsync_PriceWithinTheTolerance_PassesAtTheContractPrice(decimal cartPrice, decimal tolerance, bool passes)
    {
        erp.Prices["DEMO-1001"] = 12.50m;

        var result = await Check(PriceMismatchPolicy.Reject, tolerance, Line("DEMO-1001", 2, cartPrice));

        Assert.Equal(passes, result.Outcome == CartCheckOutcome.Accepted);
        if (passes)
        {
            var line = Assert.Single(result.Lines);
            Assert.Equal((12.50m, true, 25.00m), (line.UnitPrice, line.Repriced, result.Total));
        }
        else
        {
            Assert.Equal(CartProblemCodes.PriceMismatch, Assert.Single(result.Problems).Code);
        }
    }

    [Fact]
    public async Task CheckAsync_LineInAnotherCurrency_IsRefusedAsMixedCurrenciesWithoutAskingTheErp()
    {
        var result = await Check(Line("DEMO-1001", 1, 12.50m), Line("DEMO-1002", 1, 5.75m) with { Currency = "EUR" });

        var problem = Assert.Single(result.Problems);
        Assert.Equal((2, CartProblemCodes.MixedCurrencies), (problem.Line, problem.Code));
        Assert.Contains("EUR", problem.Message, StringComparison.Ordinal);
        Assert.Empty(erp.Quotes);
    }

    [Fact]
    public async Task CheckAsync_LineNamingTheCartsCurrency_IsOneCurrency()
    {
        var result = await Check(Line("DEMO-1001", 2, 12.50m) with { Currency = " usd " });

        Assert.Equal(CartCheckOutcome.Accepted, result.Outcome);
        Assert.False(result.MixedCurrencies);
        Assert.Equal(25.00m, result.Total);
        Assert.Equal([new CurrencyTotal("USD", 25.00m)], result.Totals);
    }

    [Fact]
    public async Task CheckAsync_LineCurrencyNotACode_IsAnInvalidLine()
    {
        var result = await CheckMixed(Line("DEMO-1001", 1, 12.50m) with { Currency = "EURO" });

        Assert.Equal((1, CartProblemCodes.InvalidLine), (Assert.Single(result.Problems).Line, result.Problems[0].Code));
        Assert.Empty(erp.Quotes);
    }

    [Fact]
    public async Task CheckAsync_MixedCurrenciesAllowed_AsksOneQuotePerCurrencyAndTotalsEach()
    {
        erp.Currency = null;

        var result = await CheckMixed(
            Line("DEMO-1001", 2, 12.50m),
            Line("DEMO-1002", 4, 5.75m) with { Currency = "EUR" },
            Line("DEMO-1002", 1, 5.75m),
            Line("DEMO-1001", 1, 12.50m) with { Currency = "eur" });

        Assert.Equal(CartCheckOutcome.Accepted, result.Outcome);
        Assert.Equal(["USD", "EUR"], erp.Quotes.Select(q => q.Currency));
        Assert.Equal(["1", "3"], erp.Quotes[0].Lines.Select(l => l.LineRef));
        Assert.Equal(["2", "4"], erp.Quotes[1].Lines.Select(l => l.LineRef));
        Assert.Equal(["USD", "EUR", "USD", "EUR"], result.Lines.Select(l => l.Currency));
        Assert.True(result.MixedCurrencies);
        Assert.Equal([new CurrencyTotal("USD", 30.75m), new CurrencyTotal("EUR", 35.50m)], result.Totals);
        Assert.Throws<InvalidOperationException>(() => result.Total);
    }

    [Fact]
    public async Task CheckAsync_MixedCurrenciesAndTheContractInAnother_RefusesThatLineAsCurrencyMismatch()
    {
        var result = await CheckMixed(Line("DEMO-1001", 1, 12.50m), Line("DEMO-1002", 1, 5.75m) with { Currency = "EUR" });

        var problem = Assert.Single(result.Problems);
        Assert.Equal((2, CartProblemCodes.CurrencyMismatch), (problem.Line, problem.Code));
    }

    [Fact]
    public async Task CheckAsync_MixedCurrenciesAndOneQuoteUnavailable_FailsClosedForTheWholeCart()
    {
        erp.Currency = null;
        erp.UnavailableIn.Add("EUR");

        var result = await CheckMixed(Line("DEMO-1001", 1, 12.50m), Line("DEMO-1002", 1, 5.75m) with { Currency = "EUR" });

        Assert.Equal(CartCheckOutcome.PricingUnavailable, result.Outcome);
        Assert.Empty(result.Lines);
    }

    private Task<CartCheckResult> CheckMixed(params CartLine[] lines) =>
        new CartChecker(erp, clock).CheckAsync("C-1", new StorefrontCart { Currency = "USD", Lines = lines }, PriceMismatchPolicy.Reject, 0m, new CartCheckContext(UnitCodes.None, MixedCurrencies: true), CancellationToken.None);

    private static CartLine Line(string part, decimal quantity, decimal price) =>
        new() { SupplierPartId = part, Quantity = quantity, UnitPrice = price, UnitOfMeasure = "EA" };

    // An ERP with one contract: the parts in Prices, minus those not entitled.
    private sealed class ContractErp : IErpClient
    {
        public Dictionary<string, decimal> Prices { get; } = [];

        public HashSet<string> NotEntitled { get; } = [];

        public List<PriceQuoteRequest> Quotes { get; } = [];

        // The contract's currency; null: the currency the quote asks in.
        public string? Currency { get; set; } = "USD";

        public HashSet<string> UnavailableIn { get; } = [];

        public DateTimeOffset? ValidTo { get; set; }

        public DateTimeOffset? ValidFrom { get; set; }

        public decimal PriceBasis { get; set; } = 1;

        public bool Unavailable { get; set; }

        public (decimal Min, decimal Max, decimal Multiple)? Quantities { get; set; }

        public bool DuplicateLineRefs { get; set; }

        public string? AnswerPart { get; set; }

        public Task<ErpOutcome<CreditDecision>> CheckCreditAsync(CreditCheckRequest request, CancellationToken cancellationToken) =>
            throw new NotSupportedException("The cart checker does not check credit.");

        public Task<ErpOutcome<PriceQuote>> QuotePricesAsync(PriceQuoteRequest request, CancellationToken cancellationToken)
        {
            Quotes.Add(request);
            if (Unavailable || UnavailableIn.Contains(request.Currency))
            {
                return Task.FromResult(ErpOutcome.Failed<PriceQuote>(ErpFailureKind.Unavailable, "ERP down"));
            }

            var lines = request.Lines
                .Where(l => Prices.ContainsKey(l.SupplierPartId.ToUpperInvariant()))
                .Select(l => new QuotedLine
                {
                    LineRef = DuplicateLineRefs ? "1" : l.LineRef,
                    SupplierPartId = AnswerPart ?? l.SupplierPartId.ToUpperInvariant(),
                    Entitled = !NotEntitled.Contains(l.SupplierPartId),
                    UnitPrice = NotEntitled.Contains(l.SupplierPartId) ? null : Prices[l.SupplierPartId.ToUpperInvariant()],
                    Currency = Currency ?? request.Currency,
                    UnitOfMeasure = "EA",
                    PriceBasisQuantity = PriceBasis,
                    ValidFrom = ValidFrom ?? Now.AddDays(-30),
                    ValidTo = ValidTo,
                    MinQuantity = Quantities?.Min,
                    MaxQuantity = Quantities?.Max,
                    OrderMultiple = Quantities?.Multiple,
                })
                .ToList();
            return Task.FromResult(ErpOutcome.Success(new PriceQuote(request.Account, false, lines)));
        }

        public Task<ErpOutcome<ErpOrderAccepted>> SubmitOrderAsync(ErpOrder order, string idempotencyKey, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
