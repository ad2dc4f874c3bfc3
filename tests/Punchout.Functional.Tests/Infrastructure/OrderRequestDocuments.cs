using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Punchout.TestSupport;

namespace Punchout.Functional.Tests.Infrastructure;

/// <summary>Every OrderRequest of the corpus (tests/corpus) and of the valid samples (samples/cxml, not its invalid/),
/// found by the request element they carry, and how the demo buyer posts one.</summary>
public static partial class OrderRequestDocuments
{
    /// <summary>The repository-relative paths, in ordinal order.</summary>
    public static IReadOnlyList<string> Paths { get; } = Find();

    /// <summary>A document read as XML, its DOCTYPE ignored (never fetched).</summary>
    public static XDocument Read(string path)
    {
        using var reader = XmlReader.Create(new MemoryStream(Repository.Bytes(path)), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
        return XDocument.Load(reader);
    }

    /// <summary>The document as the demo buyer sends it: its Header (From, To, Sender with the SharedSecret) replaced
    /// by the demo buyer's from samples/cxml/OrderRequest.xml; everything else, the payloadID included, as it is.</summary>
    public static byte[] AsDemoBuyer(string path)
    {
        var demoHeader = HeaderElement().Match(Encoding.UTF8.GetString(Repository.Bytes("samples/cxml/OrderRequest.xml"))).Value;
        var text = Encoding.UTF8.GetString(Repository.Bytes(path));
        Assert.Matches(HeaderElement(), text);
        return Encoding.UTF8.GetBytes(HeaderElement().Replace(text, demoHeader.Replace("$", "$$", StringComparison.Ordinal), 1));
    }

    /// <summary>The documents the gateway must have accepted before <paramref name="path"/> can be: for an update or
    /// delete, the version before it (and what that needs); for a release, the blanket order it draws on. In the order
    /// they must be sent.</summary>
    public static IReadOnlyList<string> Prerequisites(string path)
    {
        var header = HeaderOf(path);
        var needed = new List<string>();
        if ((string?)header.Attribute("type") is "update" or "delete")
        {
            var version = int.Parse((string?)header.Attribute("orderVersion") ?? "1", System.Globalization.CultureInfo.InvariantCulture);
            var earlier = Paths
                .Select(p => (Path: p, Header: HeaderOf(p)))
                .Where(d => (string?)d.Header.Attribute("orderID") == (string?)header.Attribute("orderID"))
                .Select(d => (d.Path, Version: int.Parse((string?)d.Header.Attribute("orderVersion") ?? "1", System.Globalization.CultureInfo.InvariantCulture)))
                .Where(d => d.Version < version)
                .OrderByDescending(d => d.Version)
                .Select(d => d.Path)
                .FirstOrDefault();
            Assert.True(earlier is not null, $"{path} changes order {(string?)header.Attribute("orderID")}, and no document has an earlier version of it.");
            needed.AddRange([.. Prerequisites(earlier), earlier]);
        }

        if ((string?)header.Attribute("orderType") == "release" && (string?)header.Attribute("agreementID") is { } agreement)
        {
            var blanket = Paths.FirstOrDefault(p => (string?)HeaderOf(p).Attribute("orderID") == agreement && (string?)HeaderOf(p).Attribute("orderType") == "blanket");
            Assert.True(blanket is not null, $"{path} is a release of agreement {agreement}, and no document is that blanket order.");
            needed.AddRange([.. Prerequisites(blanket), blanket]);
        }

        return [.. needed.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The OrderRequestHeader of a document.</summary>
    public static XElement HeaderOf(string path) => Read(path).Root!.Element("Request")!.Element("OrderRequest")!.Element("OrderRequestHeader")!;

    private static List<string> Find()
    {
        var corpus = Directory.GetFiles(Repository.PathOf("tests/corpus"), "*.xml", SearchOption.AllDirectories);
        var samples = Directory.GetFiles(Repository.PathOf("samples/cxml"), "*.xml", SearchOption.TopDirectoryOnly);
        return [.. corpus.Concat(samples)
            .Select(f => Path.GetRelativePath(Repository.Root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(IsOrderRequest)
            .Order(StringComparer.Ordinal)];
    }

    private static bool IsOrderRequest(string path)
    {
        try
        {
            return Read(path).Root?.Element("Request")?.Element("OrderRequest") is not null;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    [GeneratedRegex("<Header>.*?</Header>", RegexOptions.Singleline)]
    private static partial Regex HeaderElement();
}
