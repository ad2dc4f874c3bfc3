using Punchout.Gateway.Cli;
using Punchout.TestSupport;

namespace Punchout.Gateway.Tests.Cli;

public class ValidateCommandTests
{
    [Fact]
    public async Task Validate_ValidSample_ExitsZeroAndSaysAccepted()
    {
        var (code, output, _) = await Run("validate", Repository.PathOf("samples/cxml/OrderRequest.xml"));

        Assert.Equal(0, code);
        Assert.Contains("accepted by the gateway; valid against the bundled cXML 1.2.069 cXML.dtd", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_DtdDeviationTheGatewayTolerates_ExitsZeroButOneWithStrict()
    {
        var file = Repository.PathOf("tests/corpus/cxml/coupa-PunchOutSetupRequest.xml");

        var (code, output, _) = await Run("validate", file);
        var (strictCode, _, _) = await Run("validate", "--strict", file);

        Assert.Equal(0, code);
        Assert.Contains($"{file}:36:", output, StringComparison.Ordinal);
        Assert.Equal(1, strictCode);
    }

    [Fact]
    public async Task Validate_MalformedDocument_ExitsOneWithLineAndPosition()
    {
        var (code, output, _) = await Run("validate", Repository.PathOf("samples/cxml/invalid/malformed.xml"));

        Assert.Equal(1, code);
        Assert.Contains("REFUSED by the gateway (Status 406)", output, StringComparison.Ordinal);
        Assert.Contains("line 29, position 5", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_NoFileOrMissingFile_ExitsTwoWithUsage()
    {
        var (none, _, noneError) = await Run("validate");
        var (missing, _, missingError) = await Run("validate", "/no/such/file.xml");

        Assert.Equal(2, none);
        Assert.Contains("Usage:", noneError, StringComparison.Ordinal);
        Assert.Equal(2, missing);
        Assert.Contains("does not exist", missingError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownVerb_ExitsTwoWithUsage()
    {
        var (code, _, error) = await Run("frobnicate");

        Assert.Equal(2, code);
        Assert.Contains("Unknown verb 'frobnicate'", error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
