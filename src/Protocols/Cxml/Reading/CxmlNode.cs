namespace Punchout.Protocols.Cxml.Reading;

/// <summary>One element of a document as read: its qualified name, attributes, child elements, text and where it
/// starts. Lighter than <c>XElement</c> (no name table lookups, no node objects for attributes or text), which is
/// what lets reading stay close to the cost of a bare <c>XmlReader</c> scan.</summary>
/// <remarks>Names are qualified as written (<c>xml:lang</c>, <c>ds:Signature</c>) and compared ordinally.</remarks>
internal sealed class CxmlNode(string name, CxmlNode? parent, int line, int position)
{
    private static readonly List<CxmlNode> NoChildren = [];
    private List<KeyValuePair<string, string>>? attributes;
    private List<CxmlNode>? children;
    private string? text;

    /// <summary>The element's qualified name.</summary>
    public string Name { get; } = name;

    /// <summary>The enclosing element; null for the root.</summary>
    public CxmlNode? Parent { get; } = parent;

    /// <summary>The line the element starts on (1-based).</summary>
    public int Line { get; } = line;

    /// <summary>The position of the element's name on its line (1-based).</summary>
    public int Position { get; } = position;

    /// <summary>The child elements in document order.</summary>
    public List<CxmlNode> Children => children ?? NoChildren;

    /// <summary>The element's own text (its text children, concatenated), without the text of child elements.</summary>
    public string OwnText => text ?? string.Empty;

    /// <summary>All text inside the element, child elements' included, as <c>XElement.Value</c> gives it.</summary>
    public string Value
    {
        get
        {
            if (children is null)
            {
                return OwnText;
            }

            var builder = new System.Text.StringBuilder();
            AppendText(this, builder);
            return builder.ToString();
        }
    }

    public void AddAttribute(string attributeName, string value) => (attributes ??= new(4)).Add(new(attributeName, value));

    public void AddChild(CxmlNode child) => (children ??= new(4)).Add(child);

    // Text and child elements interleave in mixed content (Description, Comments); the concatenation keeps the text in order
    // only for the element's own text, which is what the mapping needs.
    public void AddText(string value) => text = text is null ? value : string.Concat(text, value);

    /// <summary>The value of the attribute, or null.</summary>
    public string? Attribute(string attributeName)
    {
        if (attributes is null)
        {
            return null;
        }

        foreach (var attribute in attributes)
        {
            if (string.Equals(attribute.Key, attributeName, StringComparison.Ordinal))
            {
                return attribute.Value;
            }
        }

        return null;
    }

    /// <summary>The first child element of that name, or null.</summary>
    public CxmlNode? Element(string elementName)
    {
        if (children is null)
        {
            return null;
        }

        foreach (var child in children)
        {
            if (string.Equals(child.Name, elementName, StringComparison.Ordinal))
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>The child elements of that name, in document order.</summary>
    public IEnumerable<CxmlNode> Elements(string elementName)
    {
        if (children is null)
        {
            yield break;
        }

        foreach (var child in children)
        {
            if (string.Equals(child.Name, elementName, StringComparison.Ordinal))
            {
                yield return child;
            }
        }
    }

    /// <summary>The child elements of that name, in document order, as a list.</summary>
    public List<CxmlNode> ElementList(string elementName)
    {
        var found = new List<CxmlNode>();
        if (children is not null)
        {
            foreach (var child in children)
            {
                if (string.Equals(child.Name, elementName, StringComparison.Ordinal))
                {
                    found.Add(child);
                }
            }
        }

        return found;
    }

    /// <summary>The element's path from the root, with a 1-based index where a name repeats among siblings
    /// (<c>/cXML/Request/OrderRequest/ItemOut[2]</c>).</summary>
    public string Path()
    {
        var steps = new Stack<string>();
        for (var node = this; node is not null; node = node.Parent)
        {
            var siblings = node.Parent?.ElementList(node.Name);
            steps.Push(siblings is { Count: > 1 } ? $"{node.Name}[{siblings.IndexOf(node) + 1}]" : node.Name);
        }

        return "/" + string.Join("/", steps);
    }

    private static void AppendText(CxmlNode node, System.Text.StringBuilder builder)
    {
        builder.Append(node.text);
        if (node.children is not null)
        {
            foreach (var child in node.children)
            {
                AppendText(child, builder);
            }
        }
    }
}
