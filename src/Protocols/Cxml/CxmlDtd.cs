using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

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
    /// <remarks>A document without a DOCTYPE is validated as if it named the DTD of its type; line numbers stay those of the document.</remarks>
    public static IReadOnlyList<DtdDeviation> Validate(ReadOnlyMemory<byte> document)
    {
        var bytes = HasDoctype(document.Span) ? document.ToArray() : WithDoctype(document.Span);
        var deviations = new List<DtdDeviation>();
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Parse,
            ValidationType = ValidationType.DTD,
            XmlResolver = new BundledDtdResolver(),
            MaxCharactersFromEntities = 1024 * 1024,
        };
        settings.ValidationEventHandler += (_, e) =>
        {
            if (e.Exception.SourceUri is not { } source || source.StartsWith("document:", StringComparison.Ordinal))
            {
                deviations.Add(new DtdDeviation(e.Exception.LineNumber, e.Exception.LinePosition, e.Message));
            }
        };
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var reader = XmlReader.Create(stream, settings, "document:/input.xml");
            while (reader.Read())
            {
            }
        }
        catch (XmlException ex)
        {
            deviations.Add(new DtdDeviation(ex.LineNumber, ex.LinePosition, ex.Message));
        }

        return deviations;
    }

    private static Stream OpenBundled(string dtdName) =>
        typeof(CxmlDtd).Assembly.GetManifestResourceStream($"Punchout.Protocols.Dtd.{dtdName}")
            ?? throw new InvalidOperationException($"The bundled {dtdName} is missing from {typeof(CxmlDtd).Assembly.GetName().Name}.");

    private static bool HasDoctype(ReadOnlySpan<byte> document) =>
        Encoding.Latin1.GetString(document[..Math.Min(document.Length, 2048)]).Contains("<!DOCTYPE", StringComparison.Ordinal);

    // Puts the DOCTYPE right after the XML declaration, on the same line, so line numbers do not move.
    private static byte[] WithDoctype(ReadOnlySpan<byte> document)
    {
        var root = RootName().Match(Encoding.Latin1.GetString(document[..Math.Min(document.Length, 2048)]));
        var doctype = Encoding.ASCII.GetBytes($"<!DOCTYPE {(root.Success ? root.Groups[1].Value : "cXML")} SYSTEM \"{SystemIdOf(DtdNameFor(document))}\">");
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

    // Answers the cXML SYSTEM ids with the bundled DTDs and refuses everything else: nothing is ever fetched.
    private sealed class BundledDtdResolver : XmlResolver
    {
        public override object GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
        {
            var name = absoluteUri.Segments.LastOrDefault() ?? string.Empty;
            var isCxmlHost = absoluteUri.Scheme is "http" or "https" && string.Equals(absoluteUri.Host, "xml.cxml.org", StringComparison.OrdinalIgnoreCase);
            var bundled = Names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
            return isCxmlHost && bundled is not null
                ? OpenBundled(bundled)
                : throw new XmlException($"The document refers to {absoluteUri}, which is not a bundled cXML DTD; nothing is fetched.");
        }

        public override Uri ResolveUri(Uri? baseUri, string? relativeUri) =>
            Uri.TryCreate(relativeUri, UriKind.Absolute, out var absolute) ? absolute : new Uri(new Uri(SystemIdOf(CxmlDtdName)), relativeUri);
    }
}
