using System.Text;
using System.Text.RegularExpressions;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests.Infrastructure;

/// <summary>What the operations pages (docs/runbooks, docs/evidence) tell people to use: HTTP calls, metrics, log
/// events, configuration keys, command lines and files, each with the page and line that names it.</summary>
/// <remarks>The conventions the pages follow, and this reads: a call is a <c>curl</c> command, or a method and a path
/// (<c>POST /api/v1/orders/{id}/replay</c>), or a bare path of the gateway's (<c>/console/dead-letters</c>); a log event
/// is "event 3005" (or "events 2001 (…), 2003 (…)"), or <c>EventId.Id == 3005</c> in a query; a configuration key is
/// written with colons or double underscores (<c>Orders:ForwardingWindow</c>, <c>Orders__ForwardingWindow</c>); a command
/// line is <c>dotnet run --project src/Gateway -- VERB …</c>.</remarks>
public sealed partial class OperationsDocs
{
    /// <summary>The folders read, relative to the repository root.</summary>
    public static readonly IReadOnlyList<string> Folders = ["docs/runbooks", "docs/evidence"];

    // The gateway's own path prefixes: a path under another one (the ERP's POST /orders) is not the gateway's.
    private const string GatewayPath = @"/(?:api/v1|console|health|metrics|cxml|oci|punchout|openapi|sandbox)(?=[/?\s`'"")|,.;:]|$)";

    private OperationsDocs(IReadOnlyList<Page> pages) => Pages = pages;

    /// <summary>Every page, with its text.</summary>
    public IReadOnlyList<Page> Pages { get; }

    /// <summary>Reads every Markdown page of <see cref="Folders"/>.</summary>
    public static OperationsDocs Read() => new([.. Folders
        .SelectMany(folder => Directory.GetFiles(Repository.PathOf(folder), "*.md"))
        .Order(StringComparer.Ordinal)
        .Select(path => new Page(Path.GetRelativePath(Repository.Root, path).Replace('\\', '/'), File.ReadAllText(path)))]);

    /// <summary>Every HTTP call: curl commands, "METHOD /path" and bare gateway paths.</summary>
    public IReadOnlyList<DocCall> Calls()
    {
        var calls = new List<DocCall>();
        foreach (var page in Pages)
        {
            foreach (var (line, text) in page.LogicalLines())
            {
                foreach (Match curl in CurlCommand().Matches(text))
                {
                    calls.Add(ParseCurl(page.File, line, Tokens(text[(curl.Index + curl.Length)..])));
                }

                var withoutCurl = CurlCommand().IsMatch(text) ? string.Empty : text;
                foreach (Match call in MethodAndPath().Matches(withoutCurl))
                {
                    calls.Add(new DocCall(page.File, line, call.Groups["method"].Value, Trim(call.Groups["path"].Value), null, null));
                }

                foreach (Match path in BarePath().Matches(withoutCurl))
                {
                    if (!MethodAndPath().Matches(withoutCurl).Any(m => m.Groups["path"].Index == path.Index))
                    {
                        calls.Add(new DocCall(page.File, line, null, Trim(path.Value), null, null));
                    }
                }
            }
        }

        return calls;
    }

    /// <summary>Every metric name (<c>punchout_…</c>) and the labels written beside it.</summary>
    public IReadOnlyList<DocMetric> Metrics()
    {
        var metrics = new List<DocMetric>();
        foreach (var page in Pages)
        {
            foreach (var (line, text) in page.Lines())
            {
                foreach (Match metric in MetricName().Matches(text))
                {
                    var labels = new List<DocLabel>();
                    if (metric.Groups["labels"].Success)
                    {
                        foreach (var part in SplitLabels(metric.Groups["labels"].Value))
                        {
                            var matcher = LabelMatcher().Match(part);
                            if (matcher.Success)
                            {
                                labels.Add(new DocLabel(matcher.Groups["name"].Value, matcher.Groups["op"].Value, matcher.Groups["value"].Value));
                            }
                            else if (LabelName().IsMatch(part.Trim()))
                            {
                                labels.Add(new DocLabel(part.Trim(), null, null));
                            }
                        }
                    }

                    metrics.Add(new DocMetric(page.File, line, metric.Groups["name"].Value, labels));
                }
            }
        }

        return metrics;
    }

    /// <summary>Every log event id named.</summary>
    public IReadOnlyList<DocReference<int>> EventIds()
    {
        var ids = new List<DocReference<int>>();
        foreach (var page in Pages)
        {
            foreach (var (line, text) in page.Lines())
            {
                foreach (Match events in EventList().Matches(text))
                {
                    foreach (Capture id in events.Groups["id"].Captures)
                    {
                        ids.Add(new DocReference<int>(page.File, line, int.Parse(id.Value, System.Globalization.CultureInfo.InvariantCulture)));
                    }
                }

                foreach (Match query in EventIdInQuery().Matches(text))
                {
                    ids.Add(new DocReference<int>(page.File, line, int.Parse(query.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
        }

        return ids;
    }

    /// <summary>Every log query (a <c>jq</c> command): the event ids it selects and the properties it reads
    /// (<c>.Buyer</c>, <c>.Reason</c>; the log format's own <c>."@t"</c> and <c>."@m"</c> aside).</summary>
    public IReadOnlyList<DocReference<(IReadOnlyList<int> Ids, IReadOnlyList<string> Properties)>> LogQueries()
    {
        var queries = new List<DocReference<(IReadOnlyList<int>, IReadOnlyList<string>)>>();
        foreach (var page in Pages)
        {
            foreach (var (line, text) in page.Lines().Where(l => l.Text.Contains("jq ", StringComparison.Ordinal)))
            {
                var ids = EventIdInQuery().Matches(text).Select(m => int.Parse(m.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
                var properties = LogProperty().Matches(text).Select(m => m.Groups["name"].Value).Where(n => n is not ("EventId" or "Id")).Distinct().ToList();
                queries.Add(new DocReference<(IReadOnlyList<int>, IReadOnlyList<string>)>(page.File, line, (ids, properties)));
            }
        }

        return queries;
    }

    /// <summary>Every configuration key, as its segments (<c>Buyers:N:Cxml:SharedSecret</c> → Buyers, N, Cxml, SharedSecret).</summary>
    public IReadOnlyList<DocReference<string[]>> ConfigurationKeys()
    {
        var keys = new List<DocReference<string[]>>();
        foreach (var page in Pages)
        {
            foreach (var (line, text) in page.Lines())
            {
                var withoutUrls = Url().Replace(text, " ");
                foreach (Match key in ColonKey().Matches(withoutUrls))
                {
                    keys.Add(new DocReference<string[]>(page.File, line, key.Value.Split(':')));
                }

                foreach (Match key in EnvironmentKey().Matches(withoutUrls))
                {
                    keys.Add(new DocReference<string[]>(page.File, line, key.Value.Split("__")));
                }
            }
        }

        return keys;
    }

    /// <summary>Every command line of the gateway executable: environment assignments before it, and its arguments.</summary>
    public IReadOnlyList<DocCommand> Commands()
    {
        var commands = new List<DocCommand>();
        foreach (var page in Pages)
        {
            foreach (var (line, text) in page.LogicalLines())
            {
                foreach (Match command in CommandLine().Matches(text))
                {
                    var environment = EnvironmentAssignment().Matches(command.Groups["env"].Value).Select(m => m.Groups["name"].Value).ToList();
                    commands.Add(new DocCommand(page.File, line, environment, Tokens(command.Groups["args"].Value)));
                }
            }
        }

        return commands;
    }

    /// <summary>Every repository path (<c>samples/…</c>, <c>src/…</c>, <c>docs/…</c>, <c>tests/…</c>) and relative link named.</summary>
    public IReadOnlyList<DocReference<string>> Files()
    {
        var files = new List<DocReference<string>>();
        foreach (var page in Pages)
        {
            var folder = Path.GetDirectoryName(page.File)!.Replace('\\', '/');
            foreach (var (line, text) in page.Lines())
            {
                foreach (Match link in MarkdownLink().Matches(text))
                {
                    var target = link.Groups["target"].Value.Split('#')[0];
                    if (target.Length > 0 && !target.Contains("://", StringComparison.Ordinal))
                    {
                        files.Add(new DocReference<string>(page.File, line, Path.GetRelativePath(Repository.Root, Path.GetFullPath(Path.Combine(Repository.Root, folder, target))).Replace('\\', '/')));
                    }
                }

                foreach (Match path in RepositoryPath().Matches(MarkdownLink().Replace(text, " ")))
                {
                    files.Add(new DocReference<string>(page.File, line, path.Value.TrimEnd('.', ':', ',')));
                }
            }
        }

        return files;
    }

    /// <summary>Every whole XML document shown in an <c>```xml</c> block (one that starts with its declaration).</summary>
    public IReadOnlyList<DocReference<string>> XmlDocuments()
    {
        var documents = new List<DocReference<string>>();
        foreach (var page in Pages)
        {
            var lines = page.Text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim() != "```xml")
                {
                    continue;
                }

                var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
                var block = string.Join('\n', lines[(i + 1)..(end < 0 ? lines.Length : end)]);
                if (block.StartsWith("<?xml", StringComparison.Ordinal))
                {
                    documents.Add(new DocReference<string>(page.File, i + 2, block + "\n"));
                }

                i = end < 0 ? lines.Length : end;
            }
        }

        return documents;
    }

    // curl's arguments: the method, the key variable of X-Api-Key, the body, and the URL (the one argument with a path).
    private static DocCall ParseCurl(string file, int line, List<string> args)
    {
        string? method = null;
        string? key = null;
        string? body = null;
        string? url = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-X" or "--request" when i + 1 < args.Count:
                    method = args[++i];
                    break;
                case "-H" or "--header" when i + 1 < args.Count:
                    var header = args[++i];
                    if (header.StartsWith("X-Api-Key:", StringComparison.OrdinalIgnoreCase))
                    {
                        key = header["X-Api-Key:".Length..].Trim();
                    }

                    break;
                case "-d" or "--data" or "--data-raw" or "--data-binary" when i + 1 < args.Count:
                    body = args[++i];
                    break;
                case "-o" or "-w" or "--output" or "--write-out" when i + 1 < args.Count:
                    i++;
                    break;
                default:
                    if (!args[i].StartsWith('-') && url is null)
                    {
                        url = args[i];
                    }

                    break;
            }
        }

        var path = url is null ? string.Empty : Regex.Replace(url, @"^(?:\$GATEWAY|\$\{GATEWAY\}|https?://[^/]+)", string.Empty);
        return new DocCall(file, line, method ?? (body is null ? "GET" : "POST"), path, key ?? string.Empty, body);
    }

    // Shell words up to the end of the command: quotes kept together and removed, an unquoted |, ;, && or ` ends it.
    private static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, i + 1);
                end = end < 0 ? text.Length : end;
                word.Append(text, i + 1, end - i - 1);
                inWord = true;
                i = end;
            }
            else if (c is '|' or ';' or '`' || (c == '&' && i + 1 < text.Length && text[i + 1] == '&'))
            {
                break;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    tokens.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            tokens.Add(word.ToString());
        }

        return tokens;
    }

    private static string[] SplitLabels(string labels) => labels.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static string Trim(string path) => path.TrimEnd('.', ':', ',', ';');

    [GeneratedRegex(@"(?<![\w-])curl\s")]
    private static partial Regex CurlCommand();

    [GeneratedRegex(@"\b(?<method>GET|POST|PUT|PATCH|DELETE)\s+(?<path>" + GatewayPath + @"[^\s`'"")|,;]*)")]
    private static partial Regex MethodAndPath();

    [GeneratedRegex(@"(?<![\w/.$}-])" + GatewayPath + @"[^\s`'"")|,;]*")]
    private static partial Regex BarePath();

    // Not a query parameter: punchout_session= is the storefront's.
    [GeneratedRegex(@"(?<name>punchout_[a-z0-9_]*[a-z0-9_])(?![a-z0-9_=])(?:\{(?<labels>[^}]*)\})?")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^\s*(?<name>[a-zA-Z_][a-zA-Z0-9_]*)\s*(?<op>=~|!=|!~|=)\s*""(?<value>[^""]*)""\s*$")]
    private static partial Regex LabelMatcher();

    [GeneratedRegex(@"^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();

    // "event 3005", "events 2001 (created), 2003 (arrived) and 2005", "event ids 6001–6014".
    [GeneratedRegex(@"\bevents?(?:\s+ids?)?\s+(?<id>[1-9]\d{3})\b(?:\s*\([^()]*\))?(?:\s*(?:,|and|or|–|-|to)\s*(?<id>[1-9]\d{3})\b(?:\s*\([^()]*\))?)*", RegexOptions.IgnoreCase)]
    private static partial Regex EventList();

    [GeneratedRegex(@"(?:EventId\.Id\s*==\s*|""Id"":\s*)(?<id>\d+)")]
    private static partial Regex EventIdInQuery();

    [GeneratedRegex(@"(?<![\w""])\.(?<name>[A-Z][A-Za-z0-9]*)\b")]
    private static partial Regex LogProperty();

    [GeneratedRegex(@"(?<![\w./:${-])[A-Z][A-Za-z0-9]*(?::(?:[A-Z][A-Za-z0-9]*|\d+))+(?![\w-])")]
    private static partial Regex ColonKey();

    [GeneratedRegex(@"(?<![\w./:${-])[A-Z][A-Za-z0-9]*(?:__(?:[A-Z][A-Za-z0-9]*|\d+))+(?![\w-])")]
    private static partial Regex EnvironmentKey();

    [GeneratedRegex(@"\b[a-z][a-z0-9+.-]*://\S+")]
    private static partial Regex Url();

    [GeneratedRegex(@"(?<env>(?:\b[A-Z][A-Z0-9_]*=\S*\s+)*)dotnet run --project src/Gateway --(?<args>[^\n`]*)")]
    private static partial Regex CommandLine();

    [GeneratedRegex(@"(?<name>[A-Z][A-Z0-9_]*)=\S*")]
    private static partial Regex EnvironmentAssignment();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"(?<![\w./-])(?:samples|src|docs|tests)/[A-Za-z0-9_./-]*[A-Za-z0-9_]")]
    private static partial Regex RepositoryPath();

    /// <summary>One page: its path from the repository root and its text.</summary>
    public sealed record Page(string File, string Text)
    {
        /// <summary>Each line with its number, from 1.</summary>
        public IEnumerable<(int Line, string Text)> Lines() => Text.Split('\n').Select((text, i) => (i + 1, text));

        /// <summary>Lines joined where a shell line ends in a backslash, numbered by their first line.</summary>
        public IEnumerable<(int Line, string Text)> LogicalLines()
        {
            var lines = Text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var first = i + 1;
                var text = lines[i];
                while (text.TrimEnd().EndsWith('\\') && i + 1 < lines.Length)
                {
                    text = text.TrimEnd()[..^1] + " " + lines[++i];
                }

                yield return (first, text);
            }
        }
    }
}

/// <summary>An HTTP call a page names: the method (null for a bare path), the path with its placeholders, the key
/// variable of its X-Api-Key header (empty for none, null when not a curl command) and the body it sends.</summary>
public sealed record DocCall(string File, int Line, string? Method, string Path, string? KeyVariable, string? Body)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}: {Method ?? "(any method)"} {Path}";
}

/// <summary>A metric a page names, with the labels written beside it (<c>{buyer,reason}</c> or <c>{reason="rejected"}</c>).</summary>
public sealed record DocMetric(string File, int Line, string Name, IReadOnlyList<DocLabel> Labels);

/// <summary>A label: its name, and the operator and value of a matcher (null when only named).</summary>
public sealed record DocLabel(string Name, string? Operator, string? Value);

/// <summary>A command line of the gateway executable.</summary>
public sealed record DocCommand(string File, int Line, IReadOnlyList<string> Environment, IReadOnlyList<string> Arguments)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}: {string.Join(' ', Environment.Select(e => e + "=…"))} {string.Join(' ', Arguments)}".Trim();
}

/// <summary>Something a page names, where.</summary>
public sealed record DocReference<T>(string File, int Line, T Value);
