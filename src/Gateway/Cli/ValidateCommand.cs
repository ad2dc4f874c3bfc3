using Punchout.Protocols.Cxml;

namespace Punchout.Gateway.Cli;

/// <summary><c>validate [--strict] FILE…</c>: checks documents offline against the bundled DTDs and the gateway's reading rules.</summary>
/// <remarks>
/// Prints one line per finding as <c>FILE:LINE:POSITION: warning|error: message</c>, one verdict per accepted file
/// and a summary. A DTD deviation is a warning, or an error with <c>--strict</c>; a document the gateway's reader
/// refuses is an error. Nothing is fetched: the DTDs are the bundled ones.
/// </remarks>
public static class ValidateCommand
{
    /// <summary>Runs the verb; exit code 1 when a document would be refused (or, with --strict, deviates from its DTD), 2 on wrong usage.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var strict = args.Contains("--strict");
        var files = args.Where(a => a != "--strict").ToList();
        if (files.Count == 0 || files.Any(f => f.StartsWith("--", StringComparison.Ordinal)))
        {
            error.WriteLine($"validate: give one or more FILEs.\n\n{CommandLine.Usage}");
            return 2;
        }

        var missing = files.Where(f => !File.Exists(CliPaths.Resolve(f))).ToList();
        if (missing.Count > 0)
        {
            error.WriteLine($"validate: {string.Join(", ", missing)} does not exist; nothing was validated.");
            return 2;
        }

        var (refused, deviating, deviations) = (0, 0, 0);
        var severity = strict ? "error" : "warning";
        foreach (var file in files.Select(CliPaths.Resolve))
        {
            var document = File.ReadAllBytes(file);
            var dtd = CxmlDtd.DtdNameFor(document);
            var found = CxmlDtd.Validate(document);
            foreach (var deviation in found)
            {
                output.WriteLine($"{file}:{deviation.Line}:{deviation.Position}: {severity}: {deviation.Message} [{dtd}]");
            }

            var read = CxmlReader.Read(document);
            if (read.Error is { } problem)
            {
                var path = problem.Path is null ? string.Empty : $" at {problem.Path}";
                output.WriteLine($"{file}:{problem.Line}:{problem.Position}: error: refused by the gateway (Status {problem.StatusCode}): {problem.Message}{path}");
            }
            else
            {
                output.WriteLine($"{file}: accepted by the gateway; {(found.Count == 0 ? "valid against" : $"{found.Count} deviation(s) from")} the bundled cXML {CxmlDtd.Version} {dtd}");
            }

            refused += read.Error is null ? 0 : 1;
            deviating += found.Count == 0 ? 0 : 1;
            deviations += found.Count;
        }

        var failed = refused > 0 || (strict && deviations > 0);
        output.WriteLine(
            $"{files.Count - refused} of {files.Count} document(s) accepted by the gateway; {deviations} DTD deviation(s) in {deviating} document(s)"
            + (strict ? " (--strict: deviations are errors)" : string.Empty) + $": {(failed ? "FAILED" : "OK")}.");
        return failed ? 1 : 0;
    }
}
