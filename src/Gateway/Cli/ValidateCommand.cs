using Punchout.Protocols.Cxml;

namespace Punchout.Gateway.Cli;

/// <summary><c>validate [--strict] FILE…</c>: checks documents offline against the bundled DTDs and the gateway's reading rules.</summary>
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

        var failed = false;
        foreach (var given in files)
        {
            var file = CliPaths.Resolve(given);
            if (!File.Exists(file))
            {
                error.WriteLine($"validate: {given} does not exist.");
                return 2;
            }

            var document = File.ReadAllBytes(file);
            var deviations = CxmlDtd.Validate(document);
            foreach (var deviation in deviations)
            {
                output.WriteLine($"{file}:{deviation.Line}:{deviation.Position}: DTD: {deviation.Message}");
            }

            var read = CxmlReader.Read(document);
            output.WriteLine(read.Error is { } problem
                ? $"{file}: REFUSED by the gateway (Status {problem.StatusCode}): {problem}"
                : $"{file}: accepted by the gateway; {(deviations.Count == 0 ? "valid against" : $"{deviations.Count} deviation(s) from")} the bundled cXML {CxmlDtd.Version} {CxmlDtd.DtdNameFor(document)}");
            failed |= read.Error is not null || (strict && deviations.Count > 0);
        }

        return failed ? 1 : 0;
    }
}
