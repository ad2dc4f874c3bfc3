using Punchout.Gateway.Configuration;

namespace Punchout.Gateway.Tests.Configuration;

public class ReturnTargetTests
{
    [Theory]
    [InlineData("s1.ariba.com", "https://s1.ariba.com/punchout?x=1", true)]
    [InlineData("s1.ariba.com", "https://S1.ARIBA.COM:8443/cart", true)]
    [InlineData("s1.ariba.com", "http://s1.ariba.com/cart", false)]
    [InlineData("s1.ariba.com", "https://evil.example/?s1.ariba.com", false)]
    [InlineData("s1.ariba.com", "https://s1.ariba.com.evil.example/", false)]
    [InlineData("http://127.0.0.1", "http://127.0.0.1:5099/cart", true)]
    [InlineData("http://127.0.0.1", "https://127.0.0.1/cart", false)]
    [InlineData("https://buyer.example:8443", "https://buyer.example:8443/cart", true)]
    [InlineData("https://buyer.example:8443", "https://buyer.example/cart", false)]
    [InlineData("https://buyer.example:443", "https://buyer.example/cart", true)]
    [InlineData("buyer.example", "https://user:pw@buyer.example/cart", false)]
    [InlineData("::1", "https://[::1]:8443/cart", true)]
    [InlineData("https://srm.example/sap/bc/", "https://srm.example/sap/bc/bsp/hook?sap-client=100", true)]
    [InlineData("https://srm.example/sap/bc", "https://srm.example/sap/bc/bsp/hook", true)]
    [InlineData("https://srm.example/sap/bc", "https://srm.example/sap/bc", true)]
    [InlineData("https://srm.example/sap/bc", "https://srm.example/sap/bcx/hook", false)]
    [InlineData("https://srm.example/sap/bc/", "https://srm.example/other/hook", false)]
    [InlineData("https://srm.example/sap/bc/", "https://srm.example/sap/bc/../../other", false)]
    public void Allows_OnlyTheListedSchemeHostPortAndPath(string entry, string url, bool allowed) =>
        Assert.Equal(allowed, ReturnTarget.Parse(entry)!.Allows(new Uri(url)));

    [Theory]
    [InlineData("")]
    [InlineData("ftp://buyer.example")]
    [InlineData("https://buyer.example/a/../b")]
    [InlineData("https://buyer.example/?q=1")]
    [InlineData("two words")]
    [InlineData("https://user:pw@buyer.example")]
    [InlineData("https://buyer.example#x")]
    public void Parse_NeitherHostNorOrigin_IsNull(string entry) => Assert.Null(ReturnTarget.Parse(entry));
}
