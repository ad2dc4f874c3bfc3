using System.Text;
using Punchout.Protocols.Cxml;
using Punchout.TestSupport;
using Xunit;

namespace Punchout.Protocols.Tests.Cxml.Conformance;

/// <summary>Reads a corpus document and proves the write-back: valid against the bundled DTD of its type (in
/// process and by xmllint), the DOCTYPE naming that DTD and version, and read back to the same model.</summary>
internal static class CorpusDocument
{
    public static CxmlEnvelope Read(string file)
    {
        var result = CxmlReader.Read(Repository.Bytes($"tests/corpus/cxml/{file}"));
        Assert.True(result.Error is null, $"{file}: {result.Error}");
        return result.Document!;
    }

    public static TPayload Request<TPayload>(CxmlEnvelope document) =>
        Assert.IsType<TPayload>(Assert.IsType<CxmlRequest>(document.Body).Payload);

    public static CxmlEnvelope AssertWritesBackValid(CxmlEnvelope document, string dtdName)
    {
        var bytes = CxmlWriter.ToBytes(document);
        DtdAssert.Valid(bytes, dtdName);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains($"<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/{CxmlDtd.Version}/{dtdName}\">", text, StringComparison.Ordinal);
        var back = CxmlReader.Read(bytes);
        Assert.True(back.Error is null, back.Error?.ToString());
        StructureAssert.Equal(document.Header, back.Document!.Header);
        StructureAssert.Equal(document.Body, back.Document.Body);
        Assert.Equal(document.PayloadId, back.Document.PayloadId);
        Assert.Equal(document.Timestamp, back.Document.Timestamp);
        return back.Document;
    }
}
