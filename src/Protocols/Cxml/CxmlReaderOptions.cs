namespace Punchout.Protocols.Cxml;

/// <summary>Limits that keep a hostile document from exhausting the reader.</summary>
public sealed record CxmlReaderOptions
{
    /// <summary>The defaults: 4 MiB, 64 levels and 64 KiB a value, far above any real punchout or order document.</summary>
    public static CxmlReaderOptions Default { get; } = new();

    /// <summary>The largest document read, in characters. Default 4 MiB.</summary>
    public long MaxCharacters { get; init; } = 4 * 1024 * 1024;

    /// <summary>The deepest element nesting read. Default 64.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>The longest attribute value, or text of one element, read, in characters. Default 64 KiB.</summary>
    /// <remarks>
    /// The longest values real documents carry (a Comments or Description text, an Extrinsic, a URL) stay far below
    /// this. A longer value is refused as <see cref="CxmlReadErrorKind.TooLarge"/> (Status 499, the
    /// receiver's size limit), naming the attribute or element and where it starts.
    /// </remarks>
    public int MaxValueCharacters { get; init; } = 64 * 1024;
}
