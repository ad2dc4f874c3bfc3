namespace Punchout.Protocols.Cxml.Reading;

/// <summary>One element of a document as read: its qualified name, attributes, child elements, text and where it
/// starts. Lighter than <c>XElement</c>: one object per element, children linked through their siblings, and the
/// attributes of the whole document in one shared list, which keeps reading close to the cost of a bare
/// <c>XmlReader</c> scan (docs/performance.md).</summary>
/// <remarks>Names are qualified as written (<c>xml:lang</c>, <c>ds:Signature</c>) and compared ordinally.</remarks>
internal sealed class CxmlNode
{
    private readonly List<KeyValuePair<string, string>> attributes;
    private readonly int attributeStart;
    private int attributeCount;
    private CxmlNode? lastChild;
    private string? text;

    /// <summary>A node whose attributes are kept in <paramref name="attributes"/>, the list every node of its document shares.</summary>
    public CxmlNode(string name, CxmlNode? parent, int line, int position, List<KeyValuePair<string, string>> attributes)
    {
        Name = name;
        Parent = parent;
        Line = line;
        Position = position;
        this.attributes = attributes;
        attributeStart = attributes.Count;
    }

    /// <summary>The element's qualified name.</summary>
    public string Name { get; }

    /// <summary>The enclosing element; null for the root.</summary>
    public CxmlNode? Parent { get; }

    /// <summary>The line the element starts on (1-based).</summary>
    public int Line { get; }

    /// <summary>The position of the element's name on its line (1-based).</summary>
    public int Position { get; }

    /// <summary>The first child element.</summary>
    public CxmlNode? FirstChild { get; private set; }

    /// <summary>The next element with the same parent.</summary>
    public CxmlNode? NextSibling { get; private set; }

    /// <summary>The child elements in document order.</summary>
    public IEnumerable<CxmlNode> Children
    {
        get
        {
            for (var child = FirstChild; child is not null; child = child.NextSibling)
            {
                yield return child;
            }
        }
    }

    /// <summary>The element's own text (its text children, concatenated), without the text of child elements.</summary>
    public string OwnText => text ?? string.Empty;

    /// <summary>All text inside the element, child elements' included, as <c>XElement.Value</c> gives it.</summary>
    public string Value
    {
        get
        {
            if (FirstChild is null)
            {
                return OwnText;
            }

            var builder = new System.Text.StringBuilder();
            AppendText(this, builder);
            return builder.ToString();
        }
    }

    /// <summary>Adds an attribute; all of an element's attributes are added before anything else is read.</summary>
    public void AddAttribute(string attributeName, string value)
    {
        attributes.Add(new(attributeName, value));
        attributeCount++;
    }

    public void AddChild(CxmlNode child)
    {
        if (lastChild is null)
        {
            FirstChild = child;
        }
        else
        {
            lastChild.NextSibling = child;
        }

        lastChild = child;
    }

    // In mixed content (Description, Comments) the element's own text pieces are kept in order; the text of child
    // elements is theirs.
    public void AddText(string value) => text = text is null ? value : string.Concat(text, value);

    /// <summary>The value of the attribute, or null.</summary>
    public string? Attribute(string attributeName)
    {
        for (var i = attributeStart; i < attributeStart + attributeCount; i++)
        {
            if (string.Equals(attributes[i].Key, attributeName, StringComparison.Ordinal))
            {
                return attributes[i].Value;
            }
        }

        return null;
    }

    /// <summary>The first child element of that name, or null.</summary>
    public CxmlNode? Element(string elementName)
    {
        for (var child = FirstChild; child is not null; child = child.NextSibling)
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
        for (var child = FirstChild; child is not null; child = child.NextSibling)
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
        for (var child = FirstChild; child is not null; child = child.NextSibling)
        {
            if (string.Equals(child.Name, elementName, StringComparison.Ordinal))
            {
                found.Add(child);
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
        for (var child = node.FirstChild; child is not null; child = child.NextSibling)
        {
            AppendText(child, builder);
        }
    }
}
