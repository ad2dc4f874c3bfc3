namespace Punchout.Validation.Carts;

/// <summary>Amounts rounded to a currency's minor unit (ISO 4217): cents for most, none for JPY, mils for KWD.</summary>
public static class CurrencyAmounts
{
    private static readonly HashSet<string> NoMinorUnit = new(StringComparer.OrdinalIgnoreCase) { "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF" };
    private static readonly HashSet<string> ThreeDecimals = new(StringComparer.OrdinalIgnoreCase) { "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND" };

    /// <summary>The number of decimals of <paramref name="currency"/>.</summary>
    public static int MinorUnits(string currency) =>
        NoMinorUnit.Contains(currency) ? 0 : ThreeDecimals.Contains(currency) ? 3 : 2;

    /// <summary><paramref name="amount"/> rounded half away from zero to the currency's minor unit.</summary>
    public static decimal Round(decimal amount, string currency) =>
        Math.Round(amount, MinorUnits(currency), MidpointRounding.AwayFromZero);
}
