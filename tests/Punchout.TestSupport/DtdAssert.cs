using Punchout.Protocols.Cxml;
using Xunit;

namespace Punchout.TestSupport;

/// <summary>Asserts that a document validates against the bundled cXML DTD, checked twice: by the gateway's own
/// validator and independently by xmllint, offline.</summary>
public static class DtdAssert
{
    /// <summary>Fails with every deviation either validator finds.</summary>
    public static void Valid(byte[] document, string dtdName = CxmlDtd.CxmlDtdName)
    {
        var ours = CxmlDtd.Validate(document);
        Assert.True(ours.Count == 0, "The bundled-DTD validator found deviations:\n" + string.Join("\n", ours));
        var theirs = RunXmllint(document, dtdName);
        Assert.True(theirs.ExitCode == 0, $"xmllint found deviations:\n{theirs.Output}");
    }

    private static (int ExitCode, string Output) RunXmllint(byte[] document, string dtdName)
    {
        var file = Path.Combine(Path.GetTempPath(), $"punchout-{Guid.NewGuid():N}.xml");
        File.WriteAllBytes(file, document);
        try
        {
            var (exitCode, lines) = Xmllint.Validate(file, dtdName);
            return (exitCode, string.Join("\n", lines));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
