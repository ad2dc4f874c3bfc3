namespace Punchout.Validation.Carts;

/// <summary>A buyer's storefront units (PCS, STK, EACH, ...) mapped to UN/CEFACT Recommendation 20 codes (EA, ...),
/// applied to every cart line before the ERP prices it.</summary>
/// <remarks>A unit is looked up in the map in any letter case and surrounding white space ignored; a unit not in the map
/// passes when it looks like a code (<see cref="IsPlausibleCode"/> once upper-cased: <c>EA</c>, <c>ea</c>, <c>C62</c>),
/// upper-cased; anything else (<c>EACH</c>, <c>Stück</c>) has no code and the line is refused.</remarks>
public sealed class UnitCodes
{
    private readonly Dictionary<string, string> map;

    /// <summary>Builds the map; keys are trimmed and compared in any letter case, codes trimmed.</summary>
    public UnitCodes(IEnumerable<KeyValuePair<string, string>> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        this.map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (unit, code) in map)
        {
            this.map[unit.Trim()] = code.Trim();
        }
    }

    /// <summary>No mapping: every unit must already look like a code.</summary>
    public static UnitCodes None { get; } = new([]);

    /// <summary>Whether <paramref name="text"/> has the shape of a UN/CEFACT Recommendation 20 code: 2 or 3 upper-case
    /// ASCII letters or digits (<c>EA</c>, <c>BX</c>, <c>KGM</c>, <c>C62</c>). The list itself is not checked.</summary>
    public static bool IsPlausibleCode(string? text) =>
        text is { Length: 2 or 3 } && text.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));

    /// <summary>The code for the storefront's <paramref name="unit"/>; null when it is neither mapped nor code-shaped.</summary>
    public string? CodeOf(string? unit)
    {
        var trimmed = unit?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (map.TryGetValue(trimmed, out var code))
        {
            return code;
        }

        var upper = trimmed.ToUpperInvariant();
        return IsPlausibleCode(upper) ? upper : null;
    }
}
