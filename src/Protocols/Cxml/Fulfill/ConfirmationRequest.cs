using Punchout.Protocols.Cxml.PunchOut;

namespace Punchout.Protocols.Cxml.Fulfill;

/// <summary>What a ConfirmationRequest confirms (<c>ConfirmationHeader@type</c>).</summary>
public enum ConfirmationType
{
    /// <summary>The whole order is accepted as ordered; items are optional.</summary>
    Accept,

    /// <summary>A snapshot of every listed line.</summary>
    AllDetail,

    /// <summary>Only what differs from the order.</summary>
    Detail,

    /// <summary>The whole order is backordered.</summary>
    Backordered,

    /// <summary>Accepted, with the listed lines as exceptions.</summary>
    Except,

    /// <summary>The whole order is rejected; the reason is in the comments.</summary>
    Reject,

    /// <summary>A PCard charge.</summary>
    RequestToPay,

    /// <summary>The whole order is replaced; every status is <c>detail</c> with an ItemIn.</summary>
    Replace,
}

/// <summary>Whether a confirmation is the first for its confirmID or replaces an earlier one.</summary>
public enum ConfirmationOperation
{
    /// <summary>The first confirmation.</summary>
    New,

    /// <summary>Replaces the confirmation named by the header's DocumentReference.</summary>
    Update,
}

/// <summary>The Incoterms 2020 rule a confirmation names (<c>ConfirmationHeader@incoTerms</c>).</summary>
public enum IncoTerms
{
    /// <summary>Cost and freight.</summary>
    Cfr,

    /// <summary>Cost, insurance and freight.</summary>
    Cif,

    /// <summary>Carriage and insurance paid to.</summary>
    Cip,

    /// <summary>Carriage paid to.</summary>
    Cpt,

    /// <summary>Delivered at frontier.</summary>
    Daf,

    /// <summary>Delivered at place.</summary>
    Dap,

    /// <summary>Delivered duty paid.</summary>
    Ddp,

    /// <summary>Delivered duty unpaid.</summary>
    Ddu,

    /// <summary>Delivered at place unloaded.</summary>
    Dpu,

    /// <summary>Delivered ex quay.</summary>
    Deq,

    /// <summary>Delivered ex ship.</summary>
    Des,

    /// <summary>Ex works.</summary>
    Exw,

    /// <summary>Free alongside ship.</summary>
    Fas,

    /// <summary>Free carrier.</summary>
    Fca,

    /// <summary>Free on board.</summary>
    Fob,
}

/// <summary>The state of one portion of a confirmed line (<c>ConfirmationStatus@type</c>).</summary>
public enum ConfirmationStatusType
{
    /// <summary>Accepted as ordered.</summary>
    Accept,

    /// <summary>Accepted with every detail restated.</summary>
    AllDetail,

    /// <summary>Accepted with changes (price, dates, or a substitute item).</summary>
    Detail,

    /// <summary>Backordered.</summary>
    Backordered,

    /// <summary>Rejected.</summary>
    Reject,

    /// <summary>Not yet known.</summary>
    Unknown,

    /// <summary>A PCard charge.</summary>
    RequestToPay,
}

/// <summary>A <c>ConfirmationRequest</c> (Fulfill.dtd): the supplier accepts, changes or rejects an order.</summary>
public sealed record ConfirmationRequest : CxmlRequestPayload, ICxmlElement
{
    /// <inheritdoc />
    public static string ElementName => "ConfirmationRequest";

    /// <inheritdoc />
    public override string RequestName => ElementName;

    /// <inheritdoc />
    public override string DtdName => CxmlDtd.FulfillDtdName;

    /// <summary>The <c>ConfirmationHeader</c>.</summary>
    public required ConfirmationHeader Header { get; init; }

    /// <summary>The order confirmed.</summary>
    public required OrderReference OrderReference { get; init; }

    /// <summary>The confirmed lines; none for a whole-order accept or reject.</summary>
    public IReadOnlyList<ConfirmationItem> Items { get; init; } = [];
}

/// <summary>The <c>ConfirmationHeader</c>: what the confirmation says about the whole order.</summary>
public sealed record ConfirmationHeader
{
    /// <summary>accept, detail, reject, ...</summary>
    public required ConfirmationType Type { get; init; }

    /// <summary>When the supplier issued the confirmation.</summary>
    public required DateTimeOffset NoticeDate { get; init; }

    /// <summary>The supplier's id of the confirmation, shared by its updates.</summary>
    public string? ConfirmId { get; init; }

    /// <summary>new or update.</summary>
    public ConfirmationOperation Operation { get; init; } = ConfirmationOperation.New;

    /// <summary>The invoice the supplier will send for the order.</summary>
    public string? InvoiceId { get; init; }

    /// <summary>The Incoterms rule of the delivery.</summary>
    public IncoTerms? IncoTerms { get; init; }

    /// <summary>The version of the confirmation.</summary>
    public int? Version { get; init; }

    /// <summary>On an update, the confirmation it replaces.</summary>
    public DocumentReference? DocumentReference { get; init; }

    /// <summary>The confirmed order total.</summary>
    public Money? Total { get; init; }

    /// <summary>The confirmed shipping charge.</summary>
    public Shipping? Shipping { get; init; }

    /// <summary>The confirmed tax.</summary>
    public Tax? Tax { get; init; }

    /// <summary>Contacts, such as the shipTo.</summary>
    public IReadOnlyList<Contact> Contacts { get; init; } = [];

    /// <summary>Comments, e.g. the reason for a reject.</summary>
    public IReadOnlyList<Comment> Comments { get; init; } = [];

    /// <summary>Extensions.</summary>
    public IReadOnlyList<Extrinsic> Extrinsics { get; init; } = [];
}

/// <summary>A <c>ConfirmationItem</c>: one order line and the states its quantity is in.</summary>
public sealed record ConfirmationItem
{
    /// <summary>The ordered quantity, as in the ItemOut.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>The ItemOut's line number.</summary>
    public required int LineNumber { get; init; }

    /// <summary>The ordered unit.</summary>
    public required string UnitOfMeasure { get; init; }

    /// <summary>Contacts for this line.</summary>
    public IReadOnlyList<Contact> Contacts { get; init; } = [];

    /// <summary>The states of the line; their quantities sum to <see cref="Quantity"/>. At least one.</summary>
    public required IReadOnlyList<ConfirmationStatus> Statuses { get; init; }
}

/// <summary>A <c>ConfirmationStatus</c>: how many units of a line are in one state, and what changed for them.</summary>
public sealed record ConfirmationStatus
{
    /// <summary>How many units are in this state.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>accept, detail, backordered, reject, ...</summary>
    public required ConfirmationStatusType Type { get; init; }

    /// <summary>When these units ship.</summary>
    public DateTimeOffset? ShipmentDate { get; init; }

    /// <summary>When these units arrive.</summary>
    public DateTimeOffset? DeliveryDate { get; init; }

    /// <summary>The unit of <see cref="Quantity"/>.</summary>
    public required string UnitOfMeasure { get; init; }

    /// <summary>A substitute item; when present, <see cref="UnitPrice"/>, <see cref="Tax"/> and <see cref="Shipping"/> are not written.</summary>
    public ItemIn? Substitute { get; init; }

    /// <summary>The confirmed unit price.</summary>
    public Money? UnitPrice { get; init; }

    /// <summary>The confirmed tax.</summary>
    public Tax? Tax { get; init; }

    /// <summary>The confirmed shipping charge.</summary>
    public Shipping? Shipping { get; init; }

    /// <summary>Comments on this state.</summary>
    public IReadOnlyList<Comment> Comments { get; init; } = [];

    /// <summary>Extensions.</summary>
    public IReadOnlyList<Extrinsic> Extrinsics { get; init; } = [];
}
