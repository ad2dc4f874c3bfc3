using System.Diagnostics;
using Punchout.Protocols.Cxml;

namespace Punchout.TestSupport;

/// <summary>xmllint, offline, against a bundled cXML DTD: the independent judge of the gateway's DTD validator.</summary>
public static class Xmllint
{
    /// <summary>Validates <paramref name="file"/> against the bundled <paramref name="dtdName"/> with
    /// <c>xmllint --noout --nonet --dtdvalid</c>; returns the exit code and the lines it printed about the document,
    /// without those about the network DTD the DOCTYPE names, which --nonet refuses to load.</summary>
    public static (int ExitCode, IReadOnlyList<string> Lines) Validate(string file, string dtdName)
    {
        var xmllint = Executables.Find("xmllint", "libxml2-utils");
        using var process = Process.Start(new ProcessStartInfo(xmllint)
        {
            ArgumentList = { "--noout", "--nonet", "--dtdvalid", Repository.PathOf($"src/Protocols/Cxml/Dtd/{CxmlDtd.Version}/{dtdName}"), file },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var relevant = errors.Split('\n').Where(l => l.Trim().Length > 0 && l.Trim() != "^"
            && !l.Contains("failed to load", StringComparison.Ordinal)
            && !l.Contains("Attempt to load network entity", StringComparison.Ordinal)
            && !l.Contains("<!DOCTYPE", StringComparison.Ordinal));
        return (process.ExitCode, [.. relevant]);
    }
}
