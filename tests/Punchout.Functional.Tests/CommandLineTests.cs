using System.Diagnostics;
using System.Net;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.Gateway.Cli;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests;

/// <summary>The support CLI against a gateway running on its embedded defaults (in-process store, file-backed ERP).</summary>
[Collection(GatewayTests.Name)]
public sealed class CommandLineTests : IDisposable
{
    private readonly GatewayHost host = GatewayHost.Start(redis: null, erpUrl: null);

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task Replay_SetupAndOrderSamples_PrintsTheStartPageAndStatus200()
    {
        var (code, output) = await Replay(Repository.PathOf("samples/cxml/PunchOutSetupRequest.xml"), Repository.PathOf("samples/cxml/OrderRequest.xml"));

        Assert.Equal(0, code);
        Assert.Contains("PunchOutSetupRequest.xml: 200 OK", output, StringComparison.Ordinal);
        Assert.Contains($"StartPage: {Target.GetLeftPart(UriPartial.Authority)}/punchout/start/", output, StringComparison.Ordinal);
        Assert.Contains("OrderRequest.xml: 200 OK", output, StringComparison.Ordinal);
        Assert.Contains("2 of 2 answered 2xx.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_AsTheReadmeRunsIt_WithDotnetRunFromTheRepositoryRoot_PrintsTheStartPageAndStatus200()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "run", "--project", "src/Gateway", "--", "replay", "samples/cxml/PunchOutSetupRequest.xml", "samples/cxml/OrderRequest.xml", "--to", Target.ToString() })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PWD"] = Repository.Root;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "dotnet run did not finish");

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await output}\n{await error}");
        Assert.Contains($"StartPage: {Target.GetLeftPart(UriPartial.Authority)}/punchout/start/", await output, StringComparison.Ordinal);
        Assert.Contains("OrderRequest.xml: 200 OK", await output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_TheSamplesFolder_SendsTheValidSamplesOnly()
    {
        var (code, output) = await Replay(Repository.PathOf("samples/cxml"));

        Assert.Equal(0, code);
        Assert.Contains("7 of 7 answered 2xx.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_ProfileRequest_PrintsEveryRequestTheGatewayTakes()
    {
        var (code, output) = await Replay(Repository.PathOf("samples/cxml/ProfileRequest.xml"));

        Assert.Equal(0, code);
        Assert.Contains("ProfileRequest.xml: 200 OK", output, StringComparison.Ordinal);
        Assert.Contains($"  OrderRequest at {Target.GetLeftPart(UriPartial.Authority)}/cxml changes=Yes attachments=No", output, StringComparison.Ordinal);
        Assert.Contains("  PunchOutSetupRequest at ", output, StringComparison.Ordinal);
        Assert.Contains("  ProfileRequest at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_InvalidSamples_PrintsEachRefusalAndExitsOne()
    {
        var (code, output) = await Replay(Repository.PathOf("samples/cxml/invalid/PunchOutSetupRequest-wrong-secret.xml"), Repository.PathOf("samples/cxml/invalid/malformed.xml"));

        Assert.Equal(1, code);
        Assert.Contains("PunchOutSetupRequest-wrong-secret.xml: 401 Unauthorized", output, StringComparison.Ordinal);
        Assert.Contains("malformed.xml: 406 Not Acceptable", output, StringComparison.Ordinal);
        Assert.Contains("line 29, position 5", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("samples/oci/CallUp-OCI4.0.oci", "GET")]
    [InlineData("samples/oci/CallUp-OCI5.0.oci", "POST")]
    public async Task Replay_OciCallUpSample_PrintsTheStartLinkThatLeadsToTheStorefront(string sample, string method)
    {
        var (code, output) = await Replay(Repository.PathOf(sample));

        Assert.Equal(0, code);
        Assert.Contains($": {method} /oci/demo-oci: 303 See Other", output, StringComparison.Ordinal);
        Assert.Contains("1 of 1 OCI call-up(s) accepted.", output, StringComparison.Ordinal);
        var redirect = output.Split('\n').Single(l => l.StartsWith("  redirect: ", StringComparison.Ordinal))["  redirect: ".Length..].Trim();
        Assert.StartsWith($"{Target.GetLeftPart(UriPartial.Authority)}/punchout/start/", redirect, StringComparison.Ordinal);
        var client = host.Client();
        var sessionId = await Storefront.ArriveAsync(client, new Uri(redirect));
        var context = await Storefront.JsonAsync(await new Storefront(client).GetSessionAsync(sessionId), HttpStatusCode.OK);
        Assert.Equal(("oci", "demo-oci"), ((string)context["protocol"]!, (string)context["buyer"]!));
    }

    [Fact]
    public async Task Replay_TheOciSamplesFolder_SendsTheValidCallUpsOnly()
    {
        var (code, output) = await Replay(Repository.PathOf("samples/oci"));

        Assert.Equal(0, code);
        Assert.Contains("2 of 2 OCI call-up(s) accepted.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_OciCallUpWithWrongPassword_Prints401AndThePageMessageButNeverThePassword()
    {
        var (code, output) = await Replay(Repository.PathOf("samples/oci/invalid/CallUp-wrong-password.oci"));

        Assert.Equal(1, code);
        Assert.Contains("CallUp-wrong-password.oci: GET /oci/demo-oci: 401 Unauthorized", output, StringComparison.Ordinal);
        Assert.Contains("  The catalog could not log you in: The user name or password your SAP system sent (USERNAME, PASSWORD) is not the one agreed with the supplier.", output, StringComparison.Ordinal);
        Assert.Contains("0 of 1 OCI call-up(s) accepted.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", output, StringComparison.Ordinal);
        Assert.DoesNotContain("redirect:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_CxmlAndOciTogether_SummarizesEachAndExitsOneWhenACallUpIsRefused()
    {
        var (code, output) = await Replay(Repository.PathOf("samples/cxml/ProfileRequest.xml"), Repository.PathOf("samples/oci/invalid/CallUp-wrong-password.oci"));

        Assert.Equal(1, code);
        Assert.Contains("1 of 1 answered 2xx.", output, StringComparison.Ordinal);
        Assert.Contains("0 of 1 OCI call-up(s) accepted.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_WithFreshIds_OfOneOrder_IsAnsweredAsTheSameOrder()
    {
        var order = Repository.PathOf("samples/cxml/OrderRequest.xml");

        var (firstCode, first) = await Replay(order, "--fresh-ids");
        var (secondCode, second) = await Replay(order, "--fresh-ids");

        // A new payloadID does not make a new order: the orderID, type and orderVersion are the order's business key.
        var id = (string text) => text.Split(" as ")[1].Split('.')[0];
        Assert.Equal((0, 0), (firstCode, secondCode));
        Assert.StartsWith("ord-", id(first), StringComparison.Ordinal);
        Assert.Equal(id(first), id(second));
    }

    [Fact]
    public async Task EmbeddedDefaults_OrderGoesToTheFileBackedErp()
    {
        var (_, output) = await Replay(Repository.PathOf("samples/cxml/OrderRequest.xml"), "--fresh-ids");
        var orderId = output.Split(" as ")[1].Split('.')[0];
        using var client = host.Client();
        client.DefaultRequestHeaders.Add("X-Api-Key", "demo-admin-key");

        await Eventually.HoldsAsync(async () => (await client.GetStringAsync(new Uri($"/api/v1/orders/{orderId}", UriKind.Relative))).Contains("\"state\":\"forwarded\"", StringComparison.Ordinal), "the file-backed ERP to take the order");

        Assert.Contains("\"erpOrderId\":\"SO-", await client.GetStringAsync(new Uri($"/api/v1/orders/{orderId}", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbeddedDefaults_CartIsPricedByTheFileBackedErp()
    {
        var client = host.Client();
        var sessionId = await Storefront.ArriveAsync(client, await new ProcurementSystem(client).StartPunchOutAsync());
        var storefront = new Storefront(client);

        var refused = await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart(part: "DEMO-1004", unitPrice: 349m)), HttpStatusCode.UnprocessableEntity);
        var accepted = await Storefront.JsonAsync(await storefront.ReturnCartAsync(sessionId, Storefront.Cart()), HttpStatusCode.OK);

        Assert.Equal("not-entitled", (string)refused["errors"]![0]!["code"]!);
        Assert.Equal(25.00m, (decimal)accepted["total"]!);
        Assert.Equal("K-DEMO-2026", (string)accepted["lines"]![0]!["contractId"]!);
    }

    [Fact]
    public async Task Serve_WithoutBuyers_RefusesToStartAndNamesTheKeys()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CommandLine.RunAsync(["serve", "--environment=Production", "--urls=http://127.0.0.1:0", $"--contentRoot={Repository.PathOf("src/Gateway")}"], output, error);

        Assert.Equal(3, code);
        Assert.Contains("The configuration is invalid", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Buyers: no buyer is configured", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Storefront:EntryUrl:", error.ToString(), StringComparison.Ordinal);
    }

    private Uri Target => new(host.Client().BaseAddress!, "/cxml");

    private async Task<(int Code, string Output)> Replay(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(["replay", .. args, "--to", Target.ToString()], output, error);
        return (code, output + error.ToString());
    }
}
