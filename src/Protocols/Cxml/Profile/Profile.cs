namespace Punchout.Protocols.Cxml.Profile;

/// <summary>A <c>ProfileRequest</c>: asks which requests the receiver supports, and where; also a ping.</summary>
public sealed record ProfileRequest : CxmlRequestPayload, ICxmlElement
{
    /// <inheritdoc />
    public static string ElementName => "ProfileRequest";

    /// <inheritdoc />
    public override string RequestName => ElementName;
}

/// <summary>A <c>ProfileResponse</c>: the requests the receiver supports, each with its URL and options.</summary>
public sealed record ProfileResponse : CxmlResponsePayload
{
    /// <summary>Since when the profile holds.</summary>
    public required DateTimeOffset EffectiveDate { get; init; }

    /// <summary>When the profile last changed.</summary>
    public DateTimeOffset? LastRefresh { get; init; }

    /// <summary>Options of the whole profile.</summary>
    public IReadOnlyList<ProfileOption> Options { get; init; } = [];

    /// <summary>The supported requests; at least one.</summary>
    public required IReadOnlyList<ProfileTransaction> Transactions { get; init; }
}

/// <summary>A <c>Transaction</c> of a ProfileResponse: a supported request, where to send it, and its options
/// (for OrderRequest: <c>attachments</c>, <c>changes</c>).</summary>
public sealed record ProfileTransaction(string RequestName, string Url)
{
    /// <summary>The transaction's options.</summary>
    public IReadOnlyList<ProfileOption> Options { get; init; } = [];
}

/// <summary>An <c>Option</c>: a named value.</summary>
public sealed record ProfileOption(string Name, string Value);
