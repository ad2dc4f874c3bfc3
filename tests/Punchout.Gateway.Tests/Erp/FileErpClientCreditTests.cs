using Microsoft.Extensions.Logging.Abstractions;
using Punchout.Gateway.Erp;
using Punchout.Validation.Erp;

namespace Punchout.Gateway.Tests.Erp;

/// <summary>The file-backed ERP's credit check over an optional credit.json.</summary>
public sealed class FileErpClientCreditTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("punchout-erp-").FullName;

    public FileErpClientCreditTests()
    {
        File.WriteAllText(Path.Combine(directory, "items.json"), """{ "items": [] }""");
        File.WriteAllText(Path.Combine(directory, "contracts.json"), """{ "contracts": [] }""");
    }

    [Fact]
    public async Task CheckCredit_WithoutCreditJson_IsOk()
    {
        var decision = await CheckAsync("C-ANY", 1_000_000m);

        Assert.Equal(CreditStatus.Ok, decision.Status);
    }

    [Fact]
    public async Task CheckCredit_AccountNotInCreditJson_IsOk_ListedAccountsAnswerAsListed()
    {
        WriteCredit("""{ "C-DEMO": { "status": "ok", "available": 100 }, "C-HOLD": { "status": "hold", "reason": "overdue" } }""");

        Assert.Equal(CreditStatus.Ok, (await CheckAsync("C-OTHER", 500m)).Status);
        Assert.Equal((CreditStatus.Ok, 100m), ((await CheckAsync("C-DEMO", 100m)).Status, (await CheckAsync("C-DEMO", 100m)).Available));
        Assert.Equal(CreditStatus.OverLimit, (await CheckAsync("C-DEMO", 100.01m)).Status);
        Assert.Equal((CreditStatus.Hold, "overdue"), ((await CheckAsync("C-HOLD", 1m)).Status, (await CheckAsync("C-HOLD", 1m)).Reason));
    }

    [Fact]
    public void CreditJson_WithAnUnknownStatus_IsRefusedAtLoad()
    {
        WriteCredit("""{ "C-DEMO": { "status": "maybe" } }""");

        var error = Assert.Throws<InvalidOperationException>(() => new FileErpClient(directory, NullLogger<FileErpClient>.Instance));
        Assert.Contains("C-DEMO has status 'maybe'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SampleCreditJson_GivesCDemoALimit()
    {
        var samples = Path.Combine(AppContext.BaseDirectory, "samples", "erp");
        Assert.True(File.Exists(Path.Combine(samples, "credit.json")), "samples/erp/credit.json is copied with the gateway");
        var erp = new FileErpClient(samples, NullLogger<FileErpClient>.Instance);

        var decision = (await erp.CheckCreditAsync(new CreditCheckRequest("C-DEMO", "USD", 25m, "s"), CancellationToken.None)).Value!;

        Assert.Equal(CreditStatus.Ok, decision.Status);
        Assert.NotNull(decision.Available);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private void WriteCredit(string json) => File.WriteAllText(Path.Combine(directory, "credit.json"), json);

    private async Task<CreditDecision> CheckAsync(string account, decimal amount) =>
        (await new FileErpClient(directory, NullLogger<FileErpClient>.Instance)
            .CheckCreditAsync(new CreditCheckRequest(account, "USD", amount, "session"), CancellationToken.None)).Value!;
}
