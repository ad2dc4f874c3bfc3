using System.Globalization;

namespace Punchout.Protocols.Cxml;

/// <summary>cXML datetimes: written strictly, read leniently.</summary>
public static class CxmlTimestamp
{
    private static readonly string[] OffsetFormats =
    [
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "ddd MMM d HH:mm:ss zzz yyyy",
        "ddd MMM dd HH:mm:ss zzz yyyy",
    ];

    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd",
    ];

    /// <summary>The form cXML requires: seconds and an offset, never <c>Z</c> (e.g. <c>2026-11-26T10:00:00+00:00</c>).</summary>
    public static string Format(DateTimeOffset value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>Reads the timestamps buyers send: with or without offset or fractions, date-only, <c>Z</c>, and the old
    /// <c>Mon May 19 18:29:48 +0000 2008</c> form. A value without offset is taken as UTC.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = NormaliseCompactOffset(text.Trim());
        return DateTimeOffset.TryParseExact(trimmed, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value)
            || DateTimeOffset.TryParseExact(trimmed, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    // "+0000" (no colon), as in the old Coupa form, becomes "+00:00" so that zzz reads it.
    private static string NormaliseCompactOffset(string text)
    {
        foreach (var part in text.Split(' '))
        {
            if (part.Length == 5 && (part[0] == '+' || part[0] == '-') && part.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0)
            {
                return text.Replace(part, string.Concat(part.AsSpan(0, 3), ":", part.AsSpan(3)), StringComparison.Ordinal);
            }
        }

        return text;
    }
}
