using System.Text;
using Punchout.Protocols.Cxml;
using Punchout.TestSupport;

namespace Punchout.Protocols.Tests.Cxml.Conformance;

/// <summary>The corpus documents, and the round trip every conformance test makes: read, write, validate, read back.</summary>
internal static class Corpus
{
    public static string Text(string file) => Encoding.UTF8.GetString(Repository.Bytes($"tests/corpus/cxml/{file}"));

    public static CxmlEnvelope Read(string file) => Read(Repository.Bytes($"tests/corpus/cxml/{file}"));

    public static TPayload Payload<TPayload>(CxmlEnvelope document)
        where TPayload : CxmlRequestPayload =>
        Assert.IsType<TPayload>(Assert.IsType<CxmlRequest>(document.Body).Payload);

    /// <summary>Writes <paramref name="document"/>, checks the DOCTYPE and the DTD, reads it back and compares.</summary>
    /// <remarks>The written document names the bundled version and always carries xml:lang; nothing else may change.</remarks>
    public static void AssertRoundTrips(CxmlEnvelope document, string dtdName)
    {
        var bytes = CxmlWriter.ToBytes(document);

        DtdAssert.Valid(bytes, dtdName);
        Assert.Contains($"<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.069/{dtdName}\">", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        StructureAssert.Equal(document with { DtdVersion = CxmlDtd.Version, Lang = document.Lang ?? "en-US" }, Read(bytes));
    }

    /// <summary>The error from reading <paramref name="file"/> with the first occurrence of <paramref name="fragment"/> removed.</summary>
    public static CxmlReadError ReadErrorWithout(string file, string fragment)
    {
        var text = Text(file);
        var at = text.IndexOf(fragment, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{file} has no {fragment}");
        var result = CxmlReader.Read(Encoding.UTF8.GetBytes(text.Remove(at, fragment.Length)));
        Assert.Null(result.Document);
        return result.Error!;
    }

    /// <summary>Reads <paramref name="bytes"/>, failing with the read error if there is one.</summary>
    public static CxmlEnvelope Read(byte[] bytes)
    {
        var result = CxmlReader.Read(bytes);
        Assert.True(result.Error is null, result.Error?.ToString());
        return result.Document!;
    }
}
