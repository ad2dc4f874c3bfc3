using System.Diagnostics;
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
        var theirs = Xmllint(document, dtdName);
        Assert.True(theirs.ExitCode == 0, $"xmllint found deviations:\n{theirs.Output}");
    }

    private static (int ExitCode, string Output) Xmllint(byte[] document, string dtdName)
    {
        var xmllint = Executables.Find("xmllint", "libxml2-utils");
        var file = Path.Combine(Path.GetTempPath(), $"punchout-{Guid.NewGuid():N}.xml");
        File.WriteAllBytes(file, document);
        try
        {
            using var process = Process.Start(new ProcessStartInfo(xmllint)
            {
                ArgumentList = { "--noout", "--nonet", "--dtdvalid", Repository.PathOf($"src/Protocols/Cxml/Dtd/{CxmlDtd.Version}/{dtdName}"), file },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();

            // The DOCTYPE names the public URL, which --nonet refuses to fetch; --dtdvalid validates against the bundled file.
            var relevant = string.Join("\n", errors.Split('\n').Where(l => !l.Contains("failed to load", StringComparison.Ordinal) && !l.Contains("Attempt to load network entity", StringComparison.Ordinal) && !l.Contains("<!DOCTYPE", StringComparison.Ordinal) && l.Trim() != "^"));
            return (process.ExitCode, relevant);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
