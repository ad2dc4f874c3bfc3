using System.Globalization;
using System.Text.RegularExpressions;
using Punchout.Gateway.Cli;
using Punchout.Protocols.Cxml;
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
        Assert.Contains($"{file}:24:2: warning: The element 'PunchOutSetupRequest' has invalid child element 'BrowserFormPost'.", output, StringComparison.Ordinal);
        Assert.Contains("(line 36, position 2)", output, StringComparison.Ordinal);
        Assert.Contains("1 of 1 document(s) accepted by the gateway; 1 DTD deviation(s) in 1 document(s): OK.", output, StringComparison.Ordinal);
        Assert.Equal(1, strictCode);
    }

    [Fact]
    public async Task Validate_MalformedDocument_ExitsOneWithLineAndPosition()
    {
        var (code, output, _) = await Run("validate", Repository.PathOf("samples/cxml/invalid/malformed.xml"));

        Assert.Equal(1, code);
        Assert.Contains("malformed.xml:29:5: error: refused by the gateway (Status 406): The 'Request' start tag", output, StringComparison.Ordinal);
        Assert.Contains("0 of 1 document(s) accepted by the gateway", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateStrict_Corpus_FlagsExactlyTheTwoDocumentsThatDeviateFromTheDtd()
    {
        var (code, output, _) = await Run(["validate", "--strict", .. CorpusFiles()]);

        Assert.Equal(1, code);
        Assert.Equal(["coupa-PunchOutSetupRequest.xml", "generic-PunchOutOrderMessage-GBP.xml"], FilesWith(output, "error"));
        Assert.Contains($"{CorpusFiles().Length} of {CorpusFiles().Length} document(s) accepted by the gateway", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_CorpusAndSamples_AreAllAcceptedWithDeviationsAsWarnings()
    {
        string[] files = [.. CorpusFiles(), .. Directory.GetFiles(Repository.PathOf("samples/cxml"), "*.xml")];

        var (code, output, _) = await Run(["validate", .. files]);

        Assert.True(code == 0, output);
        Assert.Empty(FilesWith(output, "error"));
        Assert.Equal(["coupa-PunchOutSetupRequest.xml", "generic-PunchOutOrderMessage-GBP.xml"], FilesWith(output, "warning"));
        Assert.Contains($"{files.Length} of {files.Length} document(s) accepted by the gateway", output, StringComparison.Ordinal);
    }

    // validate checks the DTD and the reader only: of the invalid samples, only malformed.xml is unreadable. The wrong
    // secret and the OrderRequest rule samples are well-formed, DTD-valid documents that POST /cxml refuses (401, 400).
    [Fact]
    public async Task Validate_InvalidSamples_ExitsOneNamingOnlyTheUnreadableDocument()
    {
        var files = Directory.GetFiles(Repository.PathOf("samples/cxml/invalid"), "*.xml");

        var (code, output, _) = await Run(["validate", .. files]);

        Assert.Equal(1, code);
        Assert.Equal(["malformed.xml"], FilesWith(output, "error"));
        Assert.DoesNotContain(FilesWith(output, "warning"), f => f != "malformed.xml");
        Assert.True(files.Count(f => Path.GetFileName(f).StartsWith("OrderRequest-", StringComparison.Ordinal)) >= 5, "the OrderRequest rule samples are missing");
        Assert.Contains($"{files.Length - 1} of {files.Length} document(s) accepted by the gateway;", output, StringComparison.Ordinal);
        Assert.Contains(": FAILED.", output, StringComparison.Ordinal);
    }

    public static TheoryData<string> CorpusFileNames() => [.. CorpusFiles().Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(CorpusFileNames))]
    public async Task ValidateStrict_CorpusDocument_ReportsExactlyTheLinesXmllintReports(string name)
    {
        var file = Repository.PathOf($"tests/corpus/cxml/{name}");
        var (exitCode, xmllintLines) = Xmllint.Validate(file, CxmlDtd.DtdNameFor(File.ReadAllBytes(file)));
        var theirs = xmllintLines.Select(l => Regex.Match(l, $"^{Regex.Escape(file)}:(\\d+): ")).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToHashSet();

        var (code, output, _) = await Run("validate", "--strict", file);
        var ours = output.Split('\n').Select(l => Regex.Match(l, $"^{Regex.Escape(file)}:(\\d+):\\d+: error: (?!refused by the gateway)")).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToHashSet();

        Assert.True(theirs.SetEquals(ours), $"xmllint lines {string.Join(",", theirs.Order())}, ours {string.Join(",", ours.Order())}\nxmllint:\n{string.Join("\n", xmllintLines)}\nours:\n{output}");
        Assert.Equal(exitCode == 0 ? 0 : 1, code);
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

    private static string[] CorpusFiles() => [.. Directory.GetFiles(Repository.PathOf("tests/corpus/cxml"), "*.xml").Order(StringComparer.Ordinal)];

    // The names of the files that have at least one line of that severity, in order.
    private static string[] FilesWith(string output, string severity) =>
        [.. output.Split('\n').Select(l => Regex.Match(l, $"^(?<file>[^:]+):\\d+:\\d+: {severity}: ")).Where(m => m.Success)
            .Select(m => Path.GetFileName(m.Groups["file"].Value)).Distinct().Order(StringComparer.Ordinal)];

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
