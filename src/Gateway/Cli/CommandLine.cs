using Microsoft.Extensions.Options;

namespace Punchout.Gateway.Cli;

/// <summary>The gateway executable's verbs: <c>serve</c> (the default), <c>replay</c>, <c>validate</c> and <c>reconcile</c>
/// (DESIGN.md §4).</summary>
public static class CommandLine
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        Usage: Punchout.Gateway [VERB] [ARGS]

          serve                                   run the gateway (the default when no verb is given)
          replay FILE|DIR [--to URL] [--fresh-ids]
                                                  post sample cXML documents (.xml) to a running gateway and print
                                                  each answer; send OCI call-ups (.oci: a line 'GET /oci/BUYER' or
                                                  'POST /oci/BUYER', then NAME=value lines) to the same host and print
                                                  the redirect, or the status and message of the refusal; a DIR sends
                                                  its .xml and .oci files; --to defaults to http://127.0.0.1:5080/cxml
          validate [--strict] FILE...             check documents offline against the bundled cXML DTDs and the
                                                  gateway's reading rules
          reconcile --since DATE [--until DATE] [--buyer ID] [--to URL] [--key KEY] [--format text|json]
                                                  ask a running gateway for the orders received in the period (until
                                                  excluded; default now) and where each is now, per buyer, and print
                                                  every one not forwarded; DATE is 2026-11-23, 2026-11-23T08:00 or with
                                                  seconds and an offset (none: UTC); --to defaults to
                                                  http://127.0.0.1:5080; the admin key from PUNCHOUT_ADMIN_KEY or --key
          help                                    this text

        Exit codes: 0 success; 1 an answer was not 2xx, a call-up was refused, a document would be refused, an order
        of the reconciled period is not forwarded (or the report is incomplete), or the gateway failed; 2 wrong usage
        (an unreadable .oci file, an unknown --buyer too); 3 invalid configuration; 4 reconcile got no report (no
        answer from the gateway, the admin key refused, or an error answer).
        """;

    /// <summary>Runs the verb in <paramref name="args"/>, writing to <paramref name="output"/> and <paramref name="error"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
        var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
        switch (verb)
        {
            case "serve":
                return await ServeAsync(rest, error).ConfigureAwait(false);
            case "replay":
                return await ReplayCommand.RunAsync(rest, output, error, handler).ConfigureAwait(false);
            case "validate":
                return ValidateCommand.Run(rest, output, error);
            case "reconcile":
                return await ReconcileCommand.RunAsync(rest, output, error, handler).ConfigureAwait(false);
            case "help" or "--help" or "-h":
                await output.WriteLineAsync(Usage).ConfigureAwait(false);
                return 0;
            default:
                await error.WriteLineAsync($"Unknown verb '{verb}'.\n\n{Usage}").ConfigureAwait(false);
                return 2;
        }
    }

    private static async Task<int> ServeAsync(string[] args, TextWriter error)
    {
        try
        {
            await using var app = GatewayApp.Build(args);
            await app.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync("The configuration is invalid; the gateway did not start:").ConfigureAwait(false);
            foreach (var failure in ex.Failures)
            {
                await error.WriteLineAsync($"  - {failure}").ConfigureAwait(false);
            }

            return 3;
        }
    }
}
