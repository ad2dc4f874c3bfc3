namespace Punchout.Protocols.Cxml.Fulfill;

/// <summary>An <c>OrderReference</c>: the order a follow-up document is about, by the payloadID of its OrderRequest.</summary>
/// <param name="DocumentReference">The OrderRequest's payloadID.</param>
public sealed record OrderReference(DocumentReference DocumentReference)
{
    /// <summary>The buyer's order number.</summary>
    public string? OrderId { get; init; }

    /// <summary>When the buyer created the order.</summary>
    public DateTimeOffset? OrderDate { get; init; }
}
