using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Schema;

namespace Punchout.Protocols.Cxml;

/// <summary>A place where a document departs from its DTD.</summary>
public sealed record DtdDeviation(int Line, int Position, string Message)
{
    /// <summary>"line:position message".</summary>
    public override string ToString() => $"{Line}:{Position} {Message}";
}

/// <summary>The bundled cXML DTDs, and validation against them without fetching anything.</summary>
/// <remarks>
/// Whatever version a document's DOCTYPE names, it is validated against the bundled version, which accepts the
/// documents of every earlier 1.2 version. Deviations inside the DTDs themselves (the XML-DSig part nests parameter
/// entities in a way .NET's DTD parser reports) are not the document's and are not reported.
/// </remarks>
public static partial class CxmlDtd
{
    /// <summary>The cXML version of the bundled DTDs, which the writer names in every DOCTYPE.</summary>
    public const string Version = "1.2.069";

    /// <summary>The DTD of profile, punchout, order and status documents.</summary>
    public const string CxmlDtdName = "cXML.dtd";

    /// <summary>The DTD of ConfirmationRequest and ShipNoticeRequest.</summary>
    public const string FulfillDtdName = "Fulfill.dtd";

    /// <summary>The DTD of InvoiceDetailRequest.</summary>
    public const string InvoiceDetailDtdName = "InvoiceDetail.dtd";

    private static readonly string[] Names = [CxmlDtdName, FulfillDtdName, InvoiceDetailDtdName];

    /// <summary>The public SYSTEM id of a bundled DTD, as written in a DOCTYPE.</summary>
    public static string SystemIdOf(string dtdName) => $"http://xml.cxml.org/schemas/cXML/{Version}/{dtdName}";

    /// <summary>The DTD a document belongs to, judged by its request element.</summary>
    public static string DtdNameFor(ReadOnlySpan<byte> document)
    {
        var text = Encoding.UTF8.GetString(document);
        return FulfillRequest().IsMatch(text) ? FulfillDtdName
            : InvoiceRequest().IsMatch(text) ? InvoiceDetailDtdName
            : CxmlDtdName;
    }

    /// <summary>Every deviation of <paramref name="document"/> from the bundled DTD of its type; empty when it is valid.</summary>
    /// <remarks>
    /// Whatever DTD the DOCTYPE names, the document is validated against the bundled DTD of its type
    /// (<see cref="DtdNameFor"/>), as <c>xmllint --dtdvalid</c> does. A document without a DOCTYPE is validated as
    /// if it had one; line numbers stay those of the document. Each deviation is placed as libxml2 places it: on the
    /// line where the start tag of the element concerned ends (for a misplaced or missing child, the parent), with
    /// the place .NET found it added to the message when that differs.
    /// </remarks>
    public static IReadOnlyList<DtdDeviation> Validate(ReadOnlyMemory<byte> document)
    {
        var dtdName = DtdNameFor(document.Span);
        var bytes = HasDoctype(document.Span) ? document.ToArray() : WithDoctype(document.Span, dtdName);
        var raised = new List<XmlSchemaException>();
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Parse,
            ValidationType = ValidationType.DTD,
            XmlResolver = new BundledDtdResolver(dtdName),
            MaxCharactersFromEntities = 1024 * 1024,
        };
        settings.ValidationEventHandler += (_, e) =>
        {
            if (e.Exception.SourceUri is not { } source || source.StartsWith("document:", StringComparison.Ordinal))
            {
                raised.Add(e.Exception);
            }
        };
        var placed = new List<(StartTag? Element, int Line, int Position, string Message)>();
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var reader = XmlReader.Create(stream, settings, "document:/input.xml");
            var lineInfo = (IXmlLineInfo)reader;
            var open = new Stack<StartTag>();
            StartTag? unended = null;
            while (reader.Read())
            {
                unended?.EndsBefore(reader.NodeType, lineInfo.LineNumber, lineInfo.LinePosition);
                unended = reader.NodeType == XmlNodeType.Element ? new StartTag(reader.Name, lineInfo.LineNumber, lineInfo.LinePosition) : null;
                foreach (var deviation in raised)
                {
                    var named = ElementNamed().Match(deviation.Message);
                    var element = named.Success ? open.FirstOrDefault(e => e.Name == named.Groups[1].Value) ?? unended : unended;
                    placed.Add((element, deviation.LineNumber, deviation.LinePosition, deviation.Message));
                }

                raised.Clear();
                if (unended is not null && !reader.IsEmptyElement)
                {
                    open.Push(unended);
                }
                else if (reader.NodeType == XmlNodeType.EndElement)
                {
                    open.Pop();
                }
            }
        }
        catch (XmlException ex)
        {
            raised.Add(new XmlSchemaException(ex.Message, ex, ex.LineNumber, ex.LinePosition));
        }

        placed.AddRange(raised.Select(d => ((StartTag?)null, d.LineNumber, d.LinePosition, d.Message)));
        return [.. placed.Select(p => p.Element is null || (p.Element.EndLine, p.Element.EndPosition) == (p.Line, p.Position)
            ? new DtdDeviation(p.Line, p.Position, p.Message)
            : new DtdDeviation(p.Element.EndLine, p.Element.EndPosition, $"{p.Message} (line {p.Line}, position {p.Position})"))];
    }

    private static Stream OpenBundled(string dtdName) =>
        typeof(CxmlDtd).Assembly.GetManifestResourceStream($"Punchout.Protocols.Dtd.{dtdName}")
            ?? throw new InvalidOperationException($"The bundled {dtdName} is missing from {typeof(CxmlDtd).Assembly.GetName().Name}.");

    private static bool HasDoctype(ReadOnlySpan<byte> document) =>
        Encoding.Latin1.GetString(document[..Math.Min(document.Length, 2048)]).Contains("<!DOCTYPE", StringComparison.Ordinal);

    // Puts the DOCTYPE right after the XML declaration, on the same line, so line numbers do not move.
    private static byte[] WithDoctype(ReadOnlySpan<byte> document, string dtdName)
    {
        var root = RootName().Match(Encoding.Latin1.GetString(document[..Math.Min(document.Length, 2048)]));
        var doctype = Encoding.ASCII.GetBytes($"<!DOCTYPE {(root.Success ? root.Groups[1].Value : "cXML")} SYSTEM \"{SystemIdOf(dtdName)}\">");
        var declarationEnd = document.IndexOf("?>"u8);
        var insertAt = document.StartsWith("<?xml"u8) && declarationEnd > 0 ? declarationEnd + 2 : 0;
        return [.. document[..insertAt], .. doctype, .. document[insertAt..]];
    }

    [GeneratedRegex(@"<(ConfirmationRequest|ShipNoticeRequest)[\s/>]", RegexOptions.CultureInvariant)]
    private static partial Regex FulfillRequest();

    [GeneratedRegex(@"<InvoiceDetailRequest[\s/>]", RegexOptions.CultureInvariant)]
    private static partial Regex InvoiceRequest();

    [GeneratedRegex(@"<([A-Za-z_][\w.-]*)[\s>/]", RegexOptions.CultureInvariant)]
    private static partial Regex RootName();

    // .NET names the element whose content is wrong ("The element 'X' has invalid child element 'Y'", "… has
    // incomplete content", "… cannot contain text"); libxml2 reports such a deviation at X, not at Y.
    [GeneratedRegex("^The element '([^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex ElementNamed();

    // Where an element's start tag ends, found from the node read right after it, which starts just past the '>'.
    private sealed class StartTag(string name, int line, int position)
    {
        public string Name { get; } = name;

        public int EndLine { get; private set; } = line;

        public int EndPosition { get; private set; } = position;

        public void EndsBefore(XmlNodeType next, int nextLine, int nextPosition)
        {
            if (nextLine == EndLine)
            {
                return; // on one line: keep the position of the element's name, where a reader looks first
            }

            var markup = next switch
            {
                XmlNodeType.Element => 1, // "<"
                XmlNodeType.EndElement or XmlNodeType.ProcessingInstruction => 2, // "</", "<?"
                XmlNodeType.Comment => 4, // "<!--"
                XmlNodeType.CDATA => 9, // "<![CDATA["
                _ => 0, // text and whitespace start right after the '>'
            };
            (EndLine, EndPosition) = (nextLine, Math.Max(1, nextPosition - markup - 1));
        }
    }

    // Answers every cXML SYSTEM id with the bundled DTD of the document's type and refuses everything else: nothing is
    // ever fetched.
    private sealed class BundledDtdResolver(string dtdName) : XmlResolver
    {
        public override object GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
        {
            var name = absoluteUri.Segments.LastOrDefault() ?? string.Empty;
            var isCxmlHost = absoluteUri.Scheme is "http" or "https" && string.Equals(absoluteUri.Host, "xml.cxml.org", StringComparison.OrdinalIgnoreCase);
            var bundled = Names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
            return isCxmlHost && bundled is not null
                ? OpenBundled(dtdName)
                : throw new XmlException($"The document refers to {absoluteUri}, which is not a bundled cXML DTD; nothing is fetched.");
        }

        public override Uri ResolveUri(Uri? baseUri, string? relativeUri) =>
            Uri.TryCreate(relativeUri, UriKind.Absolute, out var absolute) ? absolute : new Uri(new Uri(SystemIdOf(CxmlDtdName)), relativeUri);
    }
}
