using Punchout.Protocols.Cxml.Orders;

namespace Punchout.Protocols.Cxml.Fulfill;

/// <summary>Whether a ship notice is new, replaces an earlier one completely, or withdraws it.</summary>
public enum ShipNoticeOperation
{
    /// <summary>The first notice of the shipment.</summary>
    New,

    /// <summary>Replaces the notice named by the header's DocumentReference, with the same shipmentID.</summary>
    Update,

    /// <summary>Withdraws the notice named by the header's DocumentReference.</summary>
    Delete,
}

/// <summary>Whether the shipment has left or is planned.</summary>
public enum ShipmentType
{
    /// <summary>The goods have shipped.</summary>
    Actual,

    /// <summary>The goods will ship.</summary>
    Planned,
}

/// <summary>Whether the shipment completes the orders it names.</summary>
public enum FulfillmentType
{
    /// <summary>More shipments follow.</summary>
    Partial,

    /// <summary>The last shipment.</summary>
    Complete,
}

/// <summary>Why goods ship other than to fulfil an order (<c>ShipNoticeHeader@reason</c>).</summary>
public enum ShipmentReason
{
    /// <summary>A return to the supplier.</summary>
    Return,
}

/// <summary>A <c>ShipNoticeRequest</c> (Fulfill.dtd): the supplier's advance notice of a shipment.</summary>
public sealed record ShipNoticeRequest : CxmlRequestPayload, ICxmlElement
{
    /// <inheritdoc />
    public static string ElementName => "ShipNoticeRequest";

    /// <inheritdoc />
    public override string RequestName => ElementName;

    /// <inheritdoc />
    public override string DtdName => CxmlDtd.FulfillDtdName;

    /// <summary>The <c>ShipNoticeHeader</c>.</summary>
    public required ShipNoticeHeader Header { get; init; }

    /// <summary>The legs of the shipment, each with its carrier and tracking number.</summary>
    public IReadOnlyList<ShipControl> Controls { get; init; } = [];

    /// <summary>The orders, or parts of orders, in the shipment.</summary>
    public IReadOnlyList<ShipNoticePortion> Portions { get; init; } = [];
}

/// <summary>The <c>ShipNoticeHeader</c>: what the notice says about the whole shipment.</summary>
public sealed record ShipNoticeHeader
{
    /// <summary>The supplier's id of the shipment, kept by updates and deletes.</summary>
    public required string ShipmentId { get; init; }

    /// <summary>new, update or delete.</summary>
    public ShipNoticeOperation Operation { get; init; } = ShipNoticeOperation.New;

    /// <summary>When the supplier issued the notice.</summary>
    public required DateTimeOffset NoticeDate { get; init; }

    /// <summary>When the goods ship; required unless deleting.</summary>
    public DateTimeOffset? ShipmentDate { get; init; }

    /// <summary>When the goods are expected; required unless deleting.</summary>
    public DateTimeOffset? DeliveryDate { get; init; }

    /// <summary>actual or planned.</summary>
    public ShipmentType? ShipmentType { get; init; }

    /// <summary>partial or complete.</summary>
    public FulfillmentType? FulfillmentType { get; init; }

    /// <summary>return, for goods going back to the supplier.</summary>
    public ShipmentReason? Reason { get; init; }

    /// <summary>The carrier's level of service (e.g. overnight), one per language.</summary>
    public IReadOnlyList<ServiceLevel> ServiceLevels { get; init; } = [];

    /// <summary>On an update or delete, the notice it replaces.</summary>
    public DocumentReference? DocumentReference { get; init; }

    /// <summary>Contacts, such as the shipFrom.</summary>
    public IReadOnlyList<Contact> Contacts { get; init; } = [];

    /// <summary>Comments.</summary>
    public IReadOnlyList<Comment> Comments { get; init; } = [];

    /// <summary>Extensions.</summary>
    public IReadOnlyList<Extrinsic> Extrinsics { get; init; } = [];
}

/// <summary>A <c>ServiceLevel</c>: the carrier's level of service in one language.</summary>
public sealed record ServiceLevel(string Text, string Lang);

/// <summary>A <c>ShipControl</c>: one leg of the shipment, its carrier and its tracking numbers.</summary>
public sealed record ShipControl
{
    /// <summary>When the leg starts; absent on the first leg.</summary>
    public DateTimeOffset? StartDate { get; init; }

    /// <summary>The carrier, in one or more domains (SCAC, companyName, ...). At least one.</summary>
    public required IReadOnlyList<CarrierIdentifier> Carriers { get; init; }

    /// <summary>The tracking numbers. At least one.</summary>
    public required IReadOnlyList<ShipmentIdentifier> ShipmentIdentifiers { get; init; }
}

/// <summary>A <c>CarrierIdentifier</c>: the carrier's id in a domain such as SCAC or companyName.</summary>
public sealed record CarrierIdentifier(string Domain, string Value);

/// <summary>A <c>ShipmentIdentifier</c>: a tracking number, with the domain that issued it.</summary>
public sealed record ShipmentIdentifier(string Value, string? Domain = null);

/// <summary>A <c>ShipNoticePortion</c>: one order in the shipment, and which of its lines.</summary>
public sealed record ShipNoticePortion
{
    /// <summary>The order shipped.</summary>
    public required OrderReference OrderReference { get; init; }

    /// <summary>The master agreement the order releases against.</summary>
    public MasterAgreement? MasterAgreement { get; init; }

    /// <summary>Contacts.</summary>
    public IReadOnlyList<Contact> Contacts { get; init; } = [];

    /// <summary>Comments.</summary>
    public IReadOnlyList<Comment> Comments { get; init; } = [];

    /// <summary>Extensions.</summary>
    public IReadOnlyList<Extrinsic> Extrinsics { get; init; } = [];

    /// <summary>The lines shipped; none means the whole order.</summary>
    public IReadOnlyList<ShipNoticeItem> Items { get; init; } = [];
}

/// <summary>A <c>ShipNoticeItem</c>: how much of one order line is in the shipment.</summary>
public sealed record ShipNoticeItem
{
    /// <summary>How many units ship.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>The ItemOut's line number.</summary>
    public required int LineNumber { get; init; }

    /// <summary>The line's number within the notice.</summary>
    public int? ShipNoticeLineNumber { get; init; }

    /// <summary>What ships.</summary>
    public ItemId? ItemId { get; init; }

    /// <summary>The unit of <see cref="Quantity"/>.</summary>
    public required string UnitOfMeasure { get; init; }

    /// <summary>Comments.</summary>
    public IReadOnlyList<Comment> Comments { get; init; } = [];

    /// <summary>Extensions.</summary>
    public IReadOnlyList<Extrinsic> Extrinsics { get; init; } = [];
}
