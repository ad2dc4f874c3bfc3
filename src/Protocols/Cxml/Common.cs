using Punchout.Protocols.Credentials;

namespace Punchout.Protocols.Cxml;

/// <summary>A <c>Credential</c>: a party's identity in a domain, with the SharedSecret when it authenticates the Sender.</summary>
/// <remarks>The SharedSecret prints as a mask, so a logged credential never shows it.</remarks>
public sealed record Credential(string Domain, string Identity, SharedSecret? SharedSecret = null, CredentialMac? Mac = null)
{
    /// <summary>The comparer of <see cref="PartyKey"/>s: letter case does not matter.</summary>
    public static StringComparer PartyKeyComparer => StringComparer.OrdinalIgnoreCase;

    /// <summary>A key that is equal under <see cref="PartyKeyComparer"/> for every spelling of one party: domains
    /// (NetworkID, NetworkId, networkid) and identities in any letter case, surrounding white space ignored.</summary>
    public static string PartyKey(string domain, string identity)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(identity);
        return string.Concat(domain.AsSpan().Trim(), "\n", identity.AsSpan().Trim());
    }

    /// <summary>This credential's <see cref="PartyKey"/>.</summary>
    public string Party => PartyKey(Domain, Identity);
}

/// <summary>A <c>CredentialMac</c>: an HMAC over the From and Sender credentials, valid between two dates, that a hub
/// hands out in place of the SharedSecret (PROTOCOLS.md §1).</summary>
/// <remarks>The dates are kept exactly as sent: they are part of the MAC's input.
/// The value never prints: <see cref="ToString"/> masks it, as it does a SharedSecret.</remarks>
public sealed record CredentialMac(string Type, string Algorithm, string CreationDate, string ExpirationDate, string Value)
{
    /// <summary>The MAC's type, algorithm and dates; never its value.</summary>
    public override string ToString() => $"CredentialMac {{ Type = {Type}, Algorithm = {Algorithm}, CreationDate = {CreationDate}, ExpirationDate = {ExpirationDate}, Value = *** }}";
}

/// <summary>An amount in an ISO 4217 currency (<c>Money</c>).</summary>
public sealed record Money(decimal Amount, string Currency);

/// <summary>A named extension value (<c>Extrinsic@name</c>).</summary>
public sealed record Extrinsic(string Name, string Value);

/// <summary>A <c>Description</c>: free text in a language, with an optional <c>ShortName</c>.</summary>
public sealed record Description(string Text, string Lang, string? ShortName = null);

/// <summary>A <c>Classification</c>: a code in a domain such as UNSPSC.</summary>
public sealed record Classification(string Domain, string Value, string? Code = null);

/// <summary>An <c>ItemID</c>: the supplier's part id and the supplier cookie that must come back unchanged.</summary>
public sealed record ItemId(string SupplierPartId, string? SupplierPartAuxiliaryId = null, string? BuyerPartId = null);

/// <summary>A telephone number (<c>Phone/TelephoneNumber</c>).</summary>
public sealed record Phone(string CountryCode, string IsoCountryCode, string AreaOrCityCode, string Number, string? Name = null, string? Extension = null);

/// <summary>A <c>PostalAddress</c>.</summary>
public sealed record PostalAddress
{
    /// <summary>The address's own name attribute.</summary>
    public string? Name { get; init; }

    /// <summary>Recipient lines.</summary>
    public IReadOnlyList<string> DeliverTo { get; init; } = [];

    /// <summary>Street lines; at least one.</summary>
    public IReadOnlyList<string> Street { get; init; } = [];

    /// <summary>City.</summary>
    public required string City { get; init; }

    /// <summary>State or region.</summary>
    public string? State { get; init; }

    /// <summary>Postal code.</summary>
    public string? PostalCode { get; init; }

    /// <summary>ISO 3166 two-letter country code.</summary>
    public required string IsoCountryCode { get; init; }

    /// <summary>The country's printable name.</summary>
    public required string Country { get; init; }
}

/// <summary>An <c>Address</c> as used by ShipTo and BillTo.</summary>
public sealed record Address
{
    /// <summary>The buyer's id for this address (e.g. a plant or shipping code).</summary>
    public string? AddressId { get; init; }

    /// <summary>Who issued the address id (DUNS, ILN, buyerLocationID).</summary>
    public string? AddressIdDomain { get; init; }

    /// <summary>ISO 3166 country code of the location.</summary>
    public string? IsoCountryCode { get; init; }

    /// <summary>The address's name.</summary>
    public required string Name { get; init; }

    /// <summary>The language of <see cref="Name"/>.</summary>
    public string NameLang { get; init; } = "en";

    /// <summary>The postal address.</summary>
    public PostalAddress? PostalAddress { get; init; }

    /// <summary>E-mail address.</summary>
    public string? Email { get; init; }

    /// <summary>Telephone number.</summary>
    public Phone? Phone { get; init; }
}

/// <summary>A <c>Contact</c> with a role (endUser, buyer, shipTo, ...).</summary>
/// <param name="Name">The contact's name.</param>
/// <param name="Role">The role, e.g. <c>endUser</c>.</param>
/// <param name="Email">The first e-mail address.</param>
/// <param name="NameLang">The language of the name.</param>
public sealed record Contact(string Name, string? Role = null, string? Email = null, string NameLang = "en")
{
    /// <summary>The buyer's id for the contact's location.</summary>
    public string? AddressId { get; init; }

    /// <summary>Who issued <see cref="AddressId"/>.</summary>
    public string? AddressIdDomain { get; init; }

    /// <summary>Postal addresses.</summary>
    public IReadOnlyList<PostalAddress> PostalAddresses { get; init; } = [];

    /// <summary>E-mail addresses after the first (<see cref="Email"/>).</summary>
    public IReadOnlyList<string> MoreEmails { get; init; } = [];

    /// <summary>Telephone numbers.</summary>
    public IReadOnlyList<Phone> Phones { get; init; } = [];

    /// <summary>Extensions.</summary>
    public IReadOnlyList<Extrinsic> Extrinsics { get; init; } = [];
}

/// <summary>A <c>Comments</c> element: free text, and the <c>cid:</c> or http URLs of its attachments.</summary>
/// <param name="Text">The text, trimmed.</param>
/// <param name="Lang">The language of the text.</param>
/// <param name="Type">The buyer's kind of comment.</param>
public sealed record Comment(string Text, string? Lang = null, string? Type = null)
{
    /// <summary>The URLs of <c>Attachment</c>s, in order.</summary>
    public IReadOnlyList<string> AttachmentUrls { get; init; } = [];
}

/// <summary>A <c>DocumentReference</c>: the payloadID of an earlier document.</summary>
public sealed record DocumentReference(string PayloadId);

/// <summary>A <c>Shipping</c> charge: its amount, what it is for, and the tracking the buyer asked for.</summary>
public sealed record Shipping(Money Money, Description Description)
{
    /// <summary>The carrier's domain (e.g. SCAC).</summary>
    public string? TrackingDomain { get; init; }

    /// <summary>The carrier's id in that domain.</summary>
    public string? TrackingId { get; init; }

    /// <summary>A tracking number.</summary>
    public string? Tracking { get; init; }
}

/// <summary>A <c>Tax</c>: the total tax, its description, and the tax per category.</summary>
public sealed record Tax(Money Money, Description Description)
{
    /// <summary>The tax per category and rate.</summary>
    public IReadOnlyList<TaxDetail> Details { get; init; } = [];
}

/// <summary>A <c>TaxDetail</c>: one tax category's amount, rate and base.</summary>
/// <param name="Category">The tax category (sales, vat, gst, a region code...).</param>
/// <param name="TaxAmount">The tax.</param>
public sealed record TaxDetail(string Category, Money TaxAmount)
{
    /// <summary>What the tax is (tax, duty, shippingTax...).</summary>
    public string? Purpose { get; init; }

    /// <summary>The rate in percent.</summary>
    public decimal? PercentageRate { get; init; }

    /// <summary>When the tax applies, exactly as sent.</summary>
    public string? TaxPointDate { get; init; }

    /// <summary>Why a zero <see cref="TaxAmount"/> is zero: <c>zeroRated</c> (the rate is zero) or <c>exempt</c> (the
    /// items are exempt), exactly as sent; absent when not stated.</summary>
    public string? ExemptDetail { get; init; }

    /// <summary>The amount taxed.</summary>
    public Money? TaxableAmount { get; init; }

    /// <summary>Where the tax applies.</summary>
    public Description? TaxLocation { get; init; }

    /// <summary>A description of the detail.</summary>
    public Description? Description { get; init; }
}

/// <summary>An <c>ItemDetail</c>: price, descriptions, unit and classifications of one item.</summary>
public sealed record ItemDetail
{
    /// <summary>Price per <see cref="PriceBasisQuantity"/> (per one unit when absent).</summary>
    public required Money UnitPrice { get; init; }

    /// <summary>Descriptions; at least one.</summary>
    public required IReadOnlyList<Description> Descriptions { get; init; }

    /// <summary>UN/CEFACT Recommendation 20 unit code (EA, BX, KGM, ...).</summary>
    public required string UnitOfMeasure { get; init; }

    /// <summary>The quantity the unit price is for, when not one unit.</summary>
    public PriceBasisQuantity? PriceBasisQuantity { get; init; }

    /// <summary>Classifications; at least one.</summary>
    public required IReadOnlyList<Classification> Classifications { get; init; }

    /// <summary>Manufacturer's part number.</summary>
    public string? ManufacturerPartId { get; init; }

    /// <summary>Manufacturer's name.</summary>
    public string? ManufacturerName { get; init; }

    /// <summary>A page about the item.</summary>
    public string? Url { get; init; }

    /// <summary>Days to receive the item.</summary>
    public int? LeadTimeDays { get; init; }

    /// <summary>Line-level extensions.</summary>
    public IReadOnlyList<Extrinsic> Extrinsics { get; init; } = [];
}

/// <summary>A <c>PriceBasisQuantity</c>: the unit price is for this many units of this measure.</summary>
/// <param name="Quantity">How many units the unit price is for.</param>
/// <param name="ConversionFactor">Order units per price unit.</param>
/// <param name="UnitOfMeasure">The unit the price is for.</param>
/// <param name="Description">What the conversion means, for people.</param>
public sealed record PriceBasisQuantity(decimal Quantity, decimal ConversionFactor, string UnitOfMeasure, Description? Description = null);

/// <summary>A <c>Distribution</c>: how much of a line is charged to which accounts.</summary>
public sealed record Distribution(Accounting Accounting, Money Charge);

/// <summary>An <c>Accounting</c> combination: its name and its segments (cost center, GL account, project...).</summary>
/// <param name="Name">The combination's name.</param>
/// <param name="Segments">The segments; at least one.</param>
/// <param name="LegacySegments">Whether the document used the old <c>Segment type id description</c> form (Coupa)
/// rather than <c>AccountingSegment id / Name / Description</c>; the writer keeps the form it read.</param>
public sealed record Accounting(string Name, IReadOnlyList<AccountingSegment> Segments, bool LegacySegments = false);

/// <summary>One accounting segment: its id (the value, e.g. the cost center number), its name (the kind, e.g.
/// "Cost Center") and its description.</summary>
public sealed record AccountingSegment(string Id, string Name, string Description, string Lang = "en");
