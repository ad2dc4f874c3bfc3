namespace Punchout.Protocols.Cxml;

/// <summary>Limits that keep a hostile document from exhausting the reader.</summary>
public sealed record CxmlReaderOptions
{
    /// <summary>The defaults: 4 MiB and 64 levels, far above any real punchout or order document.</summary>
    public static CxmlReaderOptions Default { get; } = new();

    /// <summary>The largest document read, in characters. Default 4 MiB.</summary>
    public long MaxCharacters { get; init; } = 4 * 1024 * 1024;

    /// <summary>The deepest element nesting read. Default 64.</summary>
    public int MaxDepth { get; init; } = 64;
}
