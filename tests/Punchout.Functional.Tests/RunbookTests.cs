using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Punchout.Functional.Tests.Infrastructure;
using Punchout.Gateway;
using Punchout.Gateway.Cli;
using Punchout.Gateway.Configuration;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests;

/// <summary>Keeps docs/runbooks and docs/evidence true: every call, console page, metric, log event, configuration key,
/// command line and file they name exists in the gateway, checked on a running gateway that went through the flows the
/// pages describe (<see cref="RunbookGateway"/>). A page that names something the gateway does not have fails here.</summary>
public sealed partial class RunbookTests(RunbookGateway gateway) : IClassFixture<RunbookGateway>
{
    private static readonly OperationsDocs Docs = OperationsDocs.Read();

    [Fact]
    public void Pages_NameSomethingOfEveryKind_SoTheChecksBelowAreNotVacuous()
    {
        var pages = Docs.Pages.Select(p => p.File).ToList();
        Assert.Contains("docs/runbooks/README.md", pages);
        Assert.Contains("docs/evidence/README.md", pages);
        Assert.True(Docs.Calls().Count >= 30, $"{Docs.Calls().Count} calls read");
        Assert.True(Docs.Calls().Count(c => c.KeyVariable is { Length: > 0 }) >= 10, "curl commands with a key read");
        Assert.True(Docs.Metrics().Count >= 30, $"{Docs.Metrics().Count} metric names read");
        Assert.True(Docs.EventIds().Count >= 20, $"{Docs.EventIds().Count} log events read");
        Assert.True(Docs.ConfigurationKeys().Count >= 20, $"{Docs.ConfigurationKeys().Count} configuration keys read");
        Assert.True(Docs.Commands().Count >= 3, $"{Docs.Commands().Count} command lines read");
    }

    [Fact]
    public async Task EveryCallAndPage_ThePagesName_IsARouteOfTheRunningGatewayTakingThatMethod()
    {
        var problems = new List<string>();
        foreach (var call in Docs.Calls())
        {
            var path = Substitute(call.Path, call.Path switch
            {
                var p when p.StartsWith("/api/v1/sessions", StringComparison.Ordinal) => gateway.OpenSessionId,
                var p when p.StartsWith("/api/v1/outbound", StringComparison.Ordinal) => gateway.DeadLetteredOutboundId,
                _ => gateway.DeadLetteredOrderId,
            });
            using var request = new HttpRequestMessage(new HttpMethod(call.Method ?? "GET"), new Uri(path, UriKind.Relative));
            if (KeyOf(call) is { } key)
            {
                request.Headers.Add("X-Api-Key", key);
            }

            if (call.Body is { } body)
            {
                // curl's -d @FILE sends the file: a sample of the repository.
                if (body.StartsWith('@') && !File.Exists(Repository.PathOf(body[1..])))
                {
                    problems.Add($"{call}: the body {body[1..]} does not exist");
                    continue;
                }

                var content = body.StartsWith('@') ? File.ReadAllText(Repository.PathOf(body[1..])) : Substitute(body, gateway.DeadLetteredOrderId);
                request.Content = new StringContent(content, Encoding.UTF8, content.TrimStart().StartsWith('{') ? "application/json" : "text/xml");
            }

            using var response = await gateway.Host.Client().SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (RouteProblem(call, response, text) is { } problem)
            {
                problems.Add($"{call} (as {request.Method} {path}): {problem}");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void EveryMetric_ThePagesName_IsInGetMetrics_WithTheLabelsTheyWrite()
    {
        var series = MetricSeries(gateway.Metrics);
        var families = series.Select(s => s.Name).Concat(Regex.Matches(gateway.Metrics, @"^# TYPE (\S+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var metric in Docs.Metrics())
        {
            var name = metric.Name;
            if (name.EndsWith('_') ? !families.Any(f => f.StartsWith(name, StringComparison.Ordinal)) : !families.Contains(name))
            {
                problems.Add($"{metric.File}:{metric.Line}: {name} is not in GET /metrics after the flows ran");
                continue;
            }

            var own = series.Where(s => s.Name == name || s.Name.StartsWith(name + "_", StringComparison.Ordinal) && s.Name[(name.Length + 1)..] is "bucket" or "sum" or "count").ToList();
            foreach (var label in metric.Labels)
            {
                if (!own.Any(s => s.Labels.ContainsKey(label.Name)))
                {
                    problems.Add($"{metric.File}:{metric.Line}: {name} has no label {label.Name}");
                    continue;
                }

                // Values: seen in /metrics, or at least a string the gateway's code writes (a reason not driven here).
                foreach (var value in Values(label))
                {
                    if (!own.Any(s => s.Labels.GetValueOrDefault(label.Name) == value) && !Source.Value.Contains($"\"{value}\"", StringComparison.Ordinal))
                    {
                        problems.Add($"{metric.File}:{metric.Line}: {name}{{{label.Name}=\"{value}\"}}: no such value in GET /metrics or the gateway's code");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void EveryLogEvent_ThePagesName_IsOneTheGatewayWrites_AndEveryLogQueryReadsPropertiesItHas()
    {
        // Every [LoggerMessage] of the gateway: its event id and its message template, whose {Names} are the properties
        // of the log line (in the JSON format, members beside "EventId").
        var templates = typeof(GatewayApp).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Select(m => m.GetCustomAttribute<Microsoft.Extensions.Logging.LoggerMessageAttribute>())
            .OfType<Microsoft.Extensions.Logging.LoggerMessageAttribute>()
            .ToDictionary(a => a.EventId, a => a.Message);
        Assert.Contains(3005, templates.Keys);
        var problems = Docs.EventIds().Where(e => !templates.ContainsKey(e.Value)).Select(e => $"{e.File}:{e.Line}: event {e.Value} is not a LoggerMessage of the gateway").ToList();

        var queries = Docs.LogQueries();
        Assert.True(queries.Count >= 5, $"{queries.Count} log queries read");
        foreach (var query in queries)
        {
            var (ids, properties) = query.Value;
            var selected = ids.Where(templates.ContainsKey).Select(id => templates[id]).ToList();
            foreach (var property in properties)
            {
                var has = selected.Count > 0
                    ? selected.All(t => t.Contains($"{{{property}}}", StringComparison.Ordinal))
                    : templates.Values.Any(t => t.Contains($"{{{property}}}", StringComparison.Ordinal));
                if (!has)
                {
                    problems.Add($"{query.File}:{query.Line}: the log query reads .{property}, which {(ids.Count > 0 ? $"event {string.Join(" and ", ids)} does not carry" : "no log line carries")}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void EveryConfigurationKey_ThePagesName_IsAnOptionOfTheGateway()
    {
        var unknown = Docs.ConfigurationKeys()
            .Where(k => !IsOption(typeof(GatewayOptions), k.Value, 0) && !IsOption(typeof(BuyerOptions), k.Value, 0) && !IsReadDirectly(k.Value))
            .Select(k => $"{k.File}:{k.Line}: {string.Join(':', k.Value)} is not a configuration key of the gateway")
            .ToList();
        Assert.True(unknown.Count == 0, string.Join('\n', unknown));
    }

    [Fact]
    public async Task EveryCommandLine_ThePagesName_IsAVerbAndOptionsOfTheUsage_AndRunsAgainstTheGateway()
    {
        var verbs = Regex.Matches(CommandLine.Usage, @"^  (?<verb>[a-z]+)\b", RegexOptions.Multiline).Select(m => m.Groups["verb"].Value).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("replay", verbs);
        var problems = new List<string>();
        foreach (var command in Docs.Commands())
        {
            var verb = command.Arguments.FirstOrDefault() ?? string.Empty;
            var wrong = new List<string>();
            if (!verbs.Contains(verb))
            {
                wrong.Add($"verb '{verb}' is not in the usage");
            }

            wrong.AddRange(command.Arguments.Where(a => a.StartsWith("--", StringComparison.Ordinal) && !Regex.IsMatch(CommandLine.Usage, $@"(?<![\w-]){Regex.Escape(a)}(?![\w-])")).Select(a => $"option {a} is not in the usage"));
            wrong.AddRange(command.Environment.Where(e => !CommandLine.Usage.Contains(e, StringComparison.Ordinal)).Select(e => $"environment variable {e} is not in the usage"));
            if (wrong.Count > 0)
            {
                problems.Add($"{command}: {string.Join("; ", wrong)}");
                continue;
            }

            var args = Arguments(command).ToArray();
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await CommandLine.RunAsync(args, output, error);
            if (exit is not (0 or 1))
            {
                problems.Add($"{command}: exit code {exit} as {string.Join(' ', args)}\n{output}{error}");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void EveryFileAndLink_ThePagesName_Exists()
    {
        var missing = Docs.Files()
            .Where(f => !File.Exists(Repository.PathOf(f.Value)) && !Directory.Exists(Repository.PathOf(f.Value)))
            .Select(f => $"{f.File}:{f.Line}: {f.Value} does not exist")
            .ToList();
        Assert.True(missing.Count == 0, string.Join('\n', missing));
    }

    [Fact]
    public void EveryCxmlDocument_ThePagesShow_IsValidAgainstTheBundledDtd()
    {
        var documents = Docs.XmlDocuments();
        Assert.True(documents.Count >= 3, $"{documents.Count} XML documents read");
        var invalid = new List<string>();
        foreach (var document in documents)
        {
            var bytes = Encoding.UTF8.GetBytes(document.Value);
            try
            {
                DtdAssert.Valid(bytes, Protocols.Cxml.CxmlDtd.DtdNameFor(bytes));
            }
            catch (Xunit.Sdk.XunitException ex)
            {
                invalid.Add($"{document.File}:{document.Line}: {ex.Message}");
            }
        }

        Assert.True(invalid.Count == 0, string.Join('\n', invalid));
    }

    // Why a call is not a route taking its method: 405; a 404 that routing answered (problem+json without a code, as
    // the gateway's own "no such order" or "no such session" always has one, and the console answers HTML); or a 5xx.
    private static string? RouteProblem(DocCall call, HttpResponseMessage response, string text)
    {
        if (response.StatusCode == HttpStatusCode.MethodNotAllowed)
        {
            return call.Method is null ? null : $"405: the route does not take {call.Method}";
        }

        if (response.StatusCode == HttpStatusCode.NotFound && response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            && JsonNode.Parse(text)?["code"] is null)
        {
            return "404: no such route";
        }

        return (int)response.StatusCode >= 500 ? $"{(int)response.StatusCode}: {text}" : null;
    }

    // The key a call presents: its curl header's variable, else the one its path needs.
    private static string? KeyOf(DocCall call) => call.KeyVariable switch
    {
        "$ADMIN_KEY" => RunbookGateway.AdminKey,
        "$STOREFRONT_KEY" => RunbookGateway.StorefrontKey,
        "$ERP_KEY" => RunbookGateway.ErpKey,
        "" => null,
        null when call.Path.StartsWith("/api/v1/sessions", StringComparison.Ordinal) => RunbookGateway.StorefrontKey,
        null when call.Path.EndsWith("/confirmations", StringComparison.Ordinal) || call.Path.EndsWith("/shipments", StringComparison.Ordinal) => RunbookGateway.ErpKey,
        null => RunbookGateway.AdminKey,
        var other => throw new InvalidOperationException($"{call}: unknown key variable {other}; the pages use $ADMIN_KEY, $STOREFRONT_KEY and $ERP_KEY"),
    };

    // The pages' placeholders: {id} and $ORDER_ID an order (or the session for the storefront's calls), $BUYER a buyer.
    private string Substitute(string text, string id)
    {
        text = Regex.Replace(text, @"\{(?:id|orderId|gatewayOrderId)\}|\$ORDER_ID\b|\$\{ORDER_ID\}|\$id\b", id);
        text = Regex.Replace(text, @"\{(?:sessionId)\}|\$SESSION_ID\b", gateway.OpenSessionId);
        text = Regex.Replace(text, @"\{(?:buyer|buyerId)\}|\$BUYER\b", RunbookGateway.Buyer);
        text = Regex.Replace(text, @"\$GATEWAY\b", gateway.Host.Address.ToString().TrimEnd('/'));
        text = Regex.Replace(text, @"\$OUTBOUND_ID\b|\{outboundId\}", gateway.DeadLetteredOutboundId);
        text = Regex.Replace(text, @"\{[A-Za-z]+\}", "x");
        return text.Replace("…", "x", StringComparison.Ordinal);
    }

    // A command's arguments as run: variables filled in, files under the repository made absolute, globs expanded,
    // and the admin key given as --key where the page gives it in PUNCHOUT_ADMIN_KEY.
    private IEnumerable<string> Arguments(DocCommand command)
    {
        foreach (var argument in command.Arguments)
        {
            var value = Substitute(argument.Replace("$ADMIN_KEY", RunbookGateway.AdminKey, StringComparison.Ordinal), gateway.DeadLetteredOrderId);
            if (value.Contains('*', StringComparison.Ordinal))
            {
                var folder = Repository.PathOf(Path.GetDirectoryName(value)!.Replace('\\', '/'));
                foreach (var file in Directory.GetFiles(folder, Path.GetFileName(value)).Order(StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
            else if (!value.StartsWith('-') && value.Contains('/', StringComparison.Ordinal) && !value.Contains("://", StringComparison.Ordinal)
                && (File.Exists(Repository.PathOf(value)) || Directory.Exists(Repository.PathOf(value))))
            {
                yield return Repository.PathOf(value);
            }
            else
            {
                yield return value;
            }
        }

        if (command.Environment.Contains("PUNCHOUT_ADMIN_KEY"))
        {
            yield return "--key";
            yield return RunbookGateway.AdminKey;
        }
    }

    private static IEnumerable<string> Values(DocLabel label) =>
        label.Value is null || label.Name == "buyer" || label.Operator is not ("=" or "=~")
            ? []
            : label.Value.Split('|').Where(v => Regex.IsMatch(v, "^[A-Za-z0-9_.-]+$"));

    // A key is an option when each segment is a property of the one before (any key below a dictionary; an index or
    // N/I below a list).
    private static bool IsOption(Type type, string[] segments, int at)
    {
        if (at == segments.Length)
        {
            return true;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            return true;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            return (segments[at] is "N" or "I" || int.TryParse(segments[at], out _)) && IsOption(type.GetGenericArguments()[0], segments, at + 1);
        }

        var property = type.GetProperty(segments[at], BindingFlags.Public | BindingFlags.Instance);
        return property is not null && IsOption(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType, segments, at + 1);
    }

    // Keys the gateway reads from the configuration itself, not through GatewayOptions: found as such in its code.
    private static bool IsReadDirectly(string[] segments) => segments switch
    {
        ["ConnectionStrings", var name] => GatewaySource.Value.Contains($"GetConnectionString(\"{name}\")", StringComparison.Ordinal),
        _ => GatewaySource.Value.Contains($"\"{string.Join(':', segments)}\"", StringComparison.Ordinal),
    };

    private static readonly Lazy<string> GatewaySource = new(() => string.Concat(
        Directory.GetFiles(Repository.PathOf("src/Gateway"), "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal)).Select(File.ReadAllText)));

    // Every C# file of src: the string literals a label value may be written as.
    private static readonly Lazy<string> Source = new(() => string.Concat(
        Directory.GetFiles(Repository.PathOf("src"), "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal)).Select(File.ReadAllText)));

    private static List<(string Name, Dictionary<string, string> Labels)> MetricSeries(string metrics) =>
        [.. metrics.Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => SeriesLine().Match(l))
            .Where(m => m.Success)
            .Select(m => (m.Groups["name"].Value, LabelPair().Matches(m.Groups["labels"].Value).ToDictionary(p => p.Groups["key"].Value, p => p.Groups["value"].Value)))];

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^}]*)\})?\s")]
    private static partial Regex SeriesLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
