using Punchout.Protocols.Oci;

namespace Punchout.Protocols.Tests.Oci;

public sealed class OciCallUpTests
{
    [Fact]
    public void Read_Oci4CallUp_TakesCredentialsHookTargetEchoesAndCharset()
    {
        var callUp = OciCallUp.Read(
            [
                new("username", "demo"), new("PASSWORD", "s3cret"), new("HOOK_URL", "https://srm.example/sap/bc/bsp/hook?sap-client=100"),
                new("~OkCode", "ADDI"), new("~TARGET", "_parent"), new("~CALLER", "CTLG"), new("OCI_VERSION", "4.0"), new("OPI_VERSION", "1.0"),
                new("http_content_charset", "iso-8859-1"), new("REQTYPE", "SC"),
            ],
            new OciCallUpNames());

        Assert.Equal(("demo", "s3cret", "https://srm.example/sap/bc/bsp/hook?sap-client=100"), (callUp.Username, callUp.Password, callUp.HookUrl));
        Assert.Equal("_parent", callUp.Target);
        Assert.Equal(["~OkCode", "~TARGET", "~CALLER"], callUp.Echo.Select(e => e.Key));
        Assert.Equal(("4.0", "1.0", "iso-8859-1", 4), (callUp.OciVersion, callUp.OpiVersion, callUp.Charset, callUp.MajorVersion));
        Assert.Equal("SC", callUp.Other["REQTYPE"]);
        Assert.Null(callUp.Function);
        Assert.DoesNotContain("s3cret", callUp.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ReturnTargetWinsOverTildeTarget_AndTopIsTheDefault()
    {
        Assert.Equal("_blank", OciCallUp.Read([new("~TARGET", "_parent"), new("returntarget", "_blank")], new()).Target);
        Assert.Equal("_top", OciCallUp.Read([], new()).Target);
    }

    [Fact]
    public void Read_ConfiguredNamesAndFunctionParameters()
    {
        var callUp = OciCallUp.Read(
            [new("LOGIN", "demo"), new("PWD", "x"), new("MM_HOOK_URL", "http://127.0.0.1/hook"), new("FUNCTION", "validate"), new("PRODUCTID", "DEMO-1001"), new("QUANTITY", "3"), new("OCI_VERSION", "5.0")],
            new OciCallUpNames("LOGIN", "PWD", "MM_HOOK_URL"));

        Assert.Equal(("demo", "x", "http://127.0.0.1/hook"), (callUp.Username, callUp.Password, callUp.HookUrl));
        Assert.Equal(("VALIDATE", "DEMO-1001", "3", 5), (callUp.Function, callUp.ProductId, callUp.Quantity, callUp.MajorVersion));
    }
}
