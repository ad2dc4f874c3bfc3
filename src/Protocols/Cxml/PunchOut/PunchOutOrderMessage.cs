namespace Punchout.Protocols.Cxml.PunchOut;

/// <summary>The highest operation a returned cart allows in later sessions.</summary>
public enum OperationAllowed
{
    /// <summary>Only later OrderRequests.</summary>
    Create,

    /// <summary>View only.</summary>
    Inspect,

    /// <summary>View and change.</summary>
    Edit,
}

/// <summary>A <c>PunchOutOrderMessage</c>: the cart carried back to the procurement system by the user's browser.</summary>
public sealed record PunchOutOrderMessage : CxmlMessagePayload, ICxmlElement
{
    /// <inheritdoc />
    public static string ElementName => "PunchOutOrderMessage";

    /// <summary>The BuyerCookie of the setup request, unchanged.</summary>
    public required string BuyerCookie { get; init; }

    /// <summary>Which later sessions the cart allows.</summary>
    public OperationAllowed OperationAllowed { get; init; } = OperationAllowed.Edit;

    /// <summary>The sum of the lines, without tax and shipping.</summary>
    public required Money Total { get; init; }

    /// <summary>The cart lines; none means a cancel on create.</summary>
    public IReadOnlyList<ItemIn> Items { get; init; } = [];
}

/// <summary>An <c>ItemIn</c>: one line of a returned cart.</summary>
public sealed record ItemIn(decimal Quantity, ItemId ItemId, ItemDetail ItemDetail, int? LineNumber = null);
