namespace Punchout.Protocols.Cxml.Status;

/// <summary>A <c>StatusUpdateRequest</c> (cXML.dtd): the later status of a document that was answered 201.</summary>
public sealed record StatusUpdateRequest : CxmlRequestPayload, ICxmlElement
{
    /// <inheritdoc />
    public static string ElementName => "StatusUpdateRequest";

    /// <inheritdoc />
    public override string RequestName => ElementName;

    /// <summary>The payloadID of the document whose status this is.</summary>
    public DocumentReference? DocumentReference { get; init; }

    /// <summary>The status, with the meaning it has in a Response: 201 still queued, 200 final.</summary>
    public required CxmlStatus Status { get; init; }

    /// <summary>The status in the document's own terms, when one is given.</summary>
    public StatusUpdateDetail? Detail { get; init; }

    /// <summary>Extensions.</summary>
    public IReadOnlyList<Extrinsic> Extrinsics { get; init; } = [];
}

/// <summary>One of the statuses a StatusUpdateRequest may carry after its <c>Status</c>.</summary>
public abstract record StatusUpdateDetail
{
    /// <summary>The element's name.</summary>
    public abstract string Name { get; }
}

/// <summary>A <c>DocumentStatus</c>: the state of the referenced document in the buyer's terms.</summary>
/// <param name="Type">The state, e.g. <c>processed</c> or <c>rejected</c>.</param>
public sealed record DocumentStatus(string Type) : StatusUpdateDetail, ICxmlElement
{
    /// <inheritdoc />
    public static string ElementName => "DocumentStatus";

    /// <inheritdoc />
    public override string Name => ElementName;

    /// <summary>Comments.</summary>
    public IReadOnlyList<Comment> Comments { get; init; } = [];
}

/// <summary>How far a document got on its way to the customer (<c>IntegrationStatus@documentStatus</c>).</summary>
public enum IntegrationDocumentStatus
{
    /// <summary>Delivered, not yet confirmed.</summary>
    DeliverySuccessful,

    /// <summary>Delivery is delayed.</summary>
    DeliveryDelayed,

    /// <summary>Delivery failed.</summary>
    DeliveryFailed,

    /// <summary>Queued for pick-up.</summary>
    DeliveryReady,

    /// <summary>The customer confirmed it was processed.</summary>
    CustomerConfirmed,

    /// <summary>The customer confirmed it was received.</summary>
    CustomerReceived,

    /// <summary>The customer reports a failure in the content.</summary>
    CustomerFailed,
}

/// <summary>An <c>IntegrationStatus</c>: an external party's view of a document's delivery.</summary>
/// <param name="DocumentStatus">How far the document got.</param>
public sealed record IntegrationStatus(IntegrationDocumentStatus DocumentStatus) : StatusUpdateDetail, ICxmlElement
{
    /// <inheritdoc />
    public static string ElementName => "IntegrationStatus";

    /// <inheritdoc />
    public override string Name => ElementName;

    /// <summary>The message that reported it (a 997, 824, MDN...).</summary>
    public IntegrationMessage? Message { get; init; }
}

/// <summary>An <c>IntegrationMessage</c>: the kind and outcome of an external message.</summary>
public sealed record IntegrationMessage(bool IsSuccessful, string Type, string Text);

/// <summary>The state of an invoice (<c>InvoiceStatus@type</c>).</summary>
public enum InvoiceStatusType
{
    /// <summary>Being processed.</summary>
    Processing,

    /// <summary>Canceled.</summary>
    Canceled,

    /// <summary>Reconciled against the order and receipts.</summary>
    Reconciled,

    /// <summary>Rejected.</summary>
    Rejected,

    /// <summary>Being paid.</summary>
    Paying,

    /// <summary>Paid.</summary>
    Paid,
}

/// <summary>An <c>InvoiceStatus</c>: where an invoice stands.</summary>
/// <param name="Type">processing, reconciled, paid, ...</param>
public sealed record InvoiceStatus(InvoiceStatusType Type) : StatusUpdateDetail, ICxmlElement
{
    /// <inheritdoc />
    public static string ElementName => "InvoiceStatus";

    /// <inheritdoc />
    public override string Name => ElementName;

    /// <summary>When payment falls due.</summary>
    public DateTimeOffset? PaymentNetDueDate { get; init; }

    /// <summary>Comments.</summary>
    public IReadOnlyList<Comment> Comments { get; init; } = [];
}

/// <summary>A status this library reads only by name and type (<c>PaymentStatus</c>, <c>SourcingStatus</c>); it is not written.</summary>
/// <param name="ElementName">The element's name.</param>
/// <param name="Type">Its <c>type</c> attribute, when it has one.</param>
public sealed record UnmodelledStatus(string ElementName, string? Type) : StatusUpdateDetail
{
    /// <inheritdoc />
    public override string Name => ElementName;
}
