using Punchout.Gateway.Cli;
using Punchout.TestSupport;

namespace Punchout.Gateway.Tests.Cli;

public class OciCallUpFileTests
{
    [Fact]
    public void Parse_Oci50Sample_ReadsTheRequestLineAndEveryParameterUnencodedInOrder()
    {
        var read = OciCallUpFile.Parse(File.ReadAllText(Repository.PathOf("samples/oci/CallUp-OCI5.0.oci")));

        var callUp = Assert.IsType<OciCallUpFile>(read.File);
        Assert.Equal(("POST", "/oci/demo-oci"), (callUp.Method, callUp.Path));
        Assert.Equal(
            [
                ("USERNAME", "demo"), ("PASSWORD", "demo"), ("HOOK_URL", "http://127.0.0.1:8000/sap/bc/srm/oci_inbound?sap-client=100&sap-language=EN"),
                ("OCI_VERSION", "5.0"), ("OPI_VERSION", "1.0"), ("returntarget", "_parent"), ("http_content_charset", "iso-8859-1"),
                ("~OkCode", "ADDI"), ("~TARGET", "_top"), ("~CALLER", "CTLG"),
            ],
            callUp.Parameters.Select(p => (p.Key, p.Value)));
    }

    [Fact]
    public void Parse_ValueWithEqualsHashAndSpaces_KeepsItWholeAndTrimsTheEnds()
    {
        var read = OciCallUpFile.Parse("# comment\r\n\r\nGET /oci/x\r\n  NOTE = a=b #c d  \r\nEMPTY=\r\nNOTE=again\r\n");

        Assert.Equal([("NOTE", "a=b #c d"), ("EMPTY", string.Empty), ("NOTE", "again")], read.File!.Parameters.Select(p => (p.Key, p.Value)));
    }

    [Theory]
    [InlineData("PUT /oci/demo-oci\nUSERNAME=demo", 1, "the first line must be 'GET /oci/BUYER' or 'POST /oci/BUYER'")]
    [InlineData("# only a comment\nGET /oci/demo-oci?USERNAME=demo", 2, "must start with '/' and have no query string")]
    [InlineData("GET /oci/demo-oci\nUSERNAME=demo\nPASSWORD demo", 3, "expected NAME=value")]
    [InlineData("GET /oci/demo-oci\n=demo", 2, "expected NAME=value")]
    [InlineData("# nothing but comments\n", 2, "there is no request line")]
    public void Parse_Malformed_NamesTheLineAndWhatIsWrong(string text, int line, string problem)
    {
        var read = OciCallUpFile.Parse(text);

        Assert.Null(read.File);
        Assert.Equal(line, read.Line);
        Assert.Contains(problem, read.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_MalformedCallUpFile_ExitsTwoNamingFileAndLineBeforeSendingAnything()
    {
        var file = Path.Combine(Path.GetTempPath(), $"malformed-{Guid.NewGuid():N}.oci");
        await File.WriteAllTextAsync(file, "GET /oci/demo-oci\nUSERNAME=demo\nPASSWORD demo\n");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();

            var code = await CommandLine.RunAsync(["replay", Repository.PathOf("samples/oci/CallUp-OCI4.0.oci"), file, "--to", $"http://127.0.0.1:{RedisServer.FreePort()}/cxml"], output, error);

            Assert.Equal(2, code);
            Assert.Contains($"replay: {file}:3: expected NAME=value", error.ToString(), StringComparison.Ordinal);
            Assert.Empty(output.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Replay_OciCallUpNothingListening_PrintsTheAddressWithoutTheQueryAndExitsOne()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var port = RedisServer.FreePort();

        var code = await CommandLine.RunAsync(["replay", Repository.PathOf("samples/oci/invalid/CallUp-wrong-password.oci"), "--to", $"http://127.0.0.1:{port}/cxml"], output, error);

        Assert.Equal(1, code);
        Assert.Contains($"no answer from http://127.0.0.1:{port}/oci/demo-oci: ", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080/cxml", "http://127.0.0.1:5080/")]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080/")]
    [InlineData("https://gw.example/punchout/cxml/?x=1", "https://gw.example/punchout/")]
    public void Root_OfTheCxmlTarget_IsWhereOciPathsStart(string target, string root)
    {
        Assert.Equal(root, OciReplay.Root(new Uri(target)).ToString());
    }

    [Fact]
    public void PageText_GatewayRefusalPage_IsTitleThenMessageWithoutTags()
    {
        const string Html = "<!DOCTYPE html>\n<html><head><title>Can&#39;t log in</title></head>\n<body><h1>Can&#39;t log in</h1><p>Check &amp; retry.</p><script>x()</script></body></html>";

        Assert.Equal("Can't log in: Check & retry.", OciReplay.PageText(Html));
    }
}
