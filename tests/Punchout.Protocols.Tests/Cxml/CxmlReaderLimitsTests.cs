using System.Text;
using Punchout.Protocols.Cxml;

namespace Punchout.Protocols.Tests.Cxml;

/// <summary>The per-value limit of <see cref="CxmlReaderOptions.MaxValueCharacters"/>, and how entities are refused.</summary>
public class CxmlReaderLimitsTests
{
    private static readonly CxmlReaderOptions SmallValues = new() { MaxValueCharacters = 100 };

    [Fact]
    public void Read_AttributeValueLongerThanTheLimit_IsRefusedAsTooLargeWithAttributeAndPlace()
    {
        var error = ReadError(Response(status: $"""<Status code="200"{'\n'}  text="{new string('x', 101)}"/>"""), SmallValues);

        Assert.Equal(CxmlReadErrorKind.TooLarge, error.Kind);
        Assert.Equal(CxmlStatusCodes.DocumentTooLarge, error.StatusCode);
        Assert.Contains("attribute text is longer than 100 characters", error.Message, StringComparison.Ordinal);
        Assert.Equal((3, 3), (error.Line, error.Position));
        Assert.Equal("/cXML/Response/Status", error.Path);
    }

    [Fact]
    public void Read_TextLongerThanTheLimit_IsRefusedAsTooLargeWithElementAndPlace()
    {
        var error = ReadError(Response(status: $"""<Status code="200" text="OK">{new string('x', 101)}</Status>"""), SmallValues);

        Assert.Equal(CxmlReadErrorKind.TooLarge, error.Kind);
        Assert.Contains("text of the element Status is longer than 100 characters", error.Message, StringComparison.Ordinal);
        Assert.Equal((2, 98), (error.Line, error.Position));
        Assert.Equal("/cXML/Response/Status", error.Path);
    }

    [Fact]
    public void Read_TextSplitIntoPiecesEachUnderTheLimit_CountsTheWholeText()
    {
        var piece = new string('x', 60);
        var error = ReadError(Response(status: $"""<Status code="200" text="OK">{piece}<!-- split --><![CDATA[{piece}]]></Status>"""), SmallValues);

        Assert.Equal(CxmlReadErrorKind.TooLarge, error.Kind);
        Assert.Contains("element Status", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ValuesOfExactlyTheLimit_AreAccepted()
    {
        var result = CxmlReader.Read(Encoding.UTF8.GetBytes(Response(status: $"""<Status code="200" text="{new string('x', 100)}">{new string('y', 100)}</Status>""")), SmallValues);

        Assert.True(result.Error is null, result.Error?.ToString());
    }

    [Fact]
    public void Read_OneMegabyteAttributeUnderTheDefaultLimits_IsRefusedAsTooLarge()
    {
        var error = ReadError(Response(status: $"""<Status code="200" text="{new string('x', 1024 * 1024)}"/>"""), options: null);

        Assert.Equal(CxmlReadErrorKind.TooLarge, error.Kind);
        Assert.Contains($"longer than {CxmlReaderOptions.Default.MaxValueCharacters} characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EntityDeclaredInTheDoctype_IsRefusedUnexpandedSayingWhy()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE cXML [<!ENTITY a "CANARY">]>
            <cXML payloadID="1" timestamp="2026-01-01T00:00:00+00:00"><Response><Status code="200" text="OK">&a;</Status></Response></cXML>
            """;

        var error = ReadError(xml, options: null);

        Assert.Equal(CxmlReadErrorKind.Malformed, error.Kind);
        Assert.Equal(CxmlStatusCodes.NotAcceptable, error.StatusCode);
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
        Assert.Contains("never expanded", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("CANARY", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Default_MaxValueCharacters_Is64KiB() =>
        Assert.Equal(64 * 1024, CxmlReaderOptions.Default.MaxValueCharacters);

    private static string Response(string status) =>
        $"""<?xml version="1.0"?>{'\n'}<cXML payloadID="1" timestamp="2026-01-01T00:00:00+00:00"><Response>{status}</Response></cXML>""";

    private static CxmlReadError ReadError(string xml, CxmlReaderOptions? options)
    {
        var result = CxmlReader.Read(Encoding.UTF8.GetBytes(xml), options);
        Assert.Null(result.Document);
        return result.Error!;
    }
}
