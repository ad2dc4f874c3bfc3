using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Cxml.Profile;
using Punchout.Protocols.Cxml.PunchOut;

namespace Punchout.Gateway.Cli;

/// <summary><c>replay FILE|DIR [--to URL] [--fresh-ids]</c>: posts sample cXML documents to a gateway, or sends OCI
/// call-ups (<c>.oci</c> files), and prints each answer.</summary>
public static partial class ReplayCommand
{
    /// <summary>Where documents go when <c>--to</c> is not given: the gateway as <c>dotnet run</c> starts it.</summary>
    public const string DefaultTarget = "http://127.0.0.1:5080/cxml";

    /// <summary>Runs the verb; exit code 0 when every cXML answer is 2xx and every call-up is accepted, 1 otherwise, 2 on
    /// wrong usage (an unreadable call-up file among them).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var target = DefaultTarget;
        var freshIds = false;
        var paths = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--to" when i + 1 < args.Length:
                    target = args[++i];
                    break;
                case "--fresh-ids":
                    freshIds = true;
                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal):
                    await error.WriteLineAsync($"replay: unknown option {option}.\n\n{CommandLine.Usage}").ConfigureAwait(false);
                    return 2;
                default:
                    paths.Add(args[i]);
                    break;
            }
        }

        if (paths.Count == 0 || !Uri.TryCreate(target, UriKind.Absolute, out var targetUri))
        {
            await error.WriteLineAsync($"replay: give at least one FILE or DIR, and --to an absolute URL.\n\n{CommandLine.Usage}").ConfigureAwait(false);
            return 2;
        }

        var files = new List<string>();
        foreach (var given in paths)
        {
            var path = CliPaths.Resolve(given);
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.GetFiles(path).Where(f => IsCxml(f) || IsOci(f)).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                await error.WriteLineAsync($"replay: {given} does not exist.").ConfigureAwait(false);
                return 2;
            }
        }

        // Every call-up file is read before anything is sent: a mistake in one is wrong usage, not a refusal.
        var callUps = new Dictionary<string, OciCallUpFile>(StringComparer.Ordinal);
        foreach (var file in files.Where(IsOci))
        {
            var read = OciCallUpFile.Parse(await File.ReadAllTextAsync(file).ConfigureAwait(false));
            if (read.File is null)
            {
                await error.WriteLineAsync($"replay: {file}:{read.Line}: {read.Problem}").ConfigureAwait(false);
                return 2;
            }

            callUps[file] = read.File;
        }

        // Redirects are not followed: an OCI call-up answers with a one-time start link, printed rather than spent.
        using var http = handler is null ? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) : new HttpClient(handler, disposeHandler: false);
        http.Timeout = TimeSpan.FromSeconds(100);
        var failures = 0;
        var ociFailures = 0;
        foreach (var file in files)
        {
            if (callUps.TryGetValue(file, out var callUp))
            {
                ociFailures += await OciReplay.SendAsync(http, OciReplay.Root(targetUri), file, callUp, output).ConfigureAwait(false) ? 0 : 1;
                continue;
            }

            var document = await File.ReadAllBytesAsync(file).ConfigureAwait(false);
            if (freshIds)
            {
                document = WithFreshIds(document, DateTimeOffset.Now);
            }

            if (!await ReplayOneAsync(http, targetUri, file, document, output).ConfigureAwait(false))
            {
                failures++;
            }
        }

        var documents = files.Count - callUps.Count;
        if (documents > 0)
        {
            await output.WriteLineAsync($"{documents - failures} of {documents} answered 2xx.").ConfigureAwait(false);
        }

        if (callUps.Count > 0)
        {
            await output.WriteLineAsync($"{callUps.Count - ociFailures} of {callUps.Count} OCI call-up(s) accepted.").ConfigureAwait(false);
        }

        return failures + ociFailures == 0 ? 0 : 1;
    }

    private static bool IsCxml(string file) => file.EndsWith(".xml", StringComparison.OrdinalIgnoreCase);

    private static bool IsOci(string file) => file.EndsWith(OciCallUpFile.Extension, StringComparison.OrdinalIgnoreCase);

    private static async Task<bool> ReplayOneAsync(HttpClient http, Uri target, string file, byte[] document, TextWriter output)
    {
        using var content = new ByteArrayContent(document);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(target, content).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await output.WriteLineAsync($"{file}: no answer from {target}: {ex.Message}").ConfigureAwait(false);
            return false;
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            var read = CxmlReader.Read(body);
            if (!response.IsSuccessStatusCode || read.Document?.Body is not CxmlResponse answer)
            {
                var excerpt = Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)));
                await output.WriteLineAsync($"{file}: HTTP {(int)response.StatusCode}, not a cXML Response: {excerpt}").ConfigureAwait(false);
                return false;
            }

            var status = answer.Status;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{file}: {status.Code} {status.Text}")).ConfigureAwait(false);
            if (!string.IsNullOrWhiteSpace(status.Detail))
            {
                await output.WriteLineAsync($"  {status.Detail}").ConfigureAwait(false);
            }

            if (answer.Payload is PunchOutSetupResponse setup)
            {
                await output.WriteLineAsync($"  StartPage: {setup.StartPageUrl}").ConfigureAwait(false);
            }

            if (answer.Payload is ProfileResponse profile)
            {
                foreach (var transaction in profile.Transactions)
                {
                    var options = string.Concat(transaction.Options.Select(o => $" {o.Name}={o.Value}"));
                    await output.WriteLineAsync($"  {transaction.RequestName} at {transaction.Url}{options}").ConfigureAwait(false);
                }
            }

            return status.IsSuccess;
        }
    }

    /// <summary>The document with a new payloadID and timestamp on its root, everything else byte for byte.</summary>
    internal static byte[] WithFreshIds(byte[] document, DateTimeOffset now)
    {
        var text = Encoding.UTF8.GetString(document);
        var payloadId = $"{now.ToUnixTimeMilliseconds()}.{Environment.ProcessId}.{Guid.NewGuid():N}@replay";
        text = PayloadIdAttribute().Replace(text, $"payloadID=\"{payloadId}\"", 1);
        text = TimestampAttribute().Replace(text, $"timestamp=\"{CxmlTimestamp.Format(now)}\"", 1);
        return Encoding.UTF8.GetBytes(text);
    }

    [GeneratedRegex("""payloadID\s*=\s*"[^"]*"|payloadID\s*=\s*'[^']*'""", RegexOptions.CultureInvariant)]
    private static partial Regex PayloadIdAttribute();

    [GeneratedRegex("""(?<![\w-])timestamp\s*=\s*"[^"]*"|(?<![\w-])timestamp\s*=\s*'[^']*'""", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampAttribute();
}
