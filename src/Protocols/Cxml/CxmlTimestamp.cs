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

        // The form the specification requires comes first and almost always matches.
        if (TryParseCanonical(text, out value))
        {
            return true;
        }

        var trimmed = NormaliseCompactOffset(text.Trim());
        return DateTimeOffset.TryParseExact(trimmed, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value)
            || DateTimeOffset.TryParseExact(trimmed, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    // yyyy-MM-ddTHH:mm:ss±hh:mm, read digit by digit: the form on nearly every document, several times per document.
    private static bool TryParseCanonical(string text, out DateTimeOffset value)
    {
        value = default;
        var s = text.AsSpan();
        if (s.Length != 25 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[22] != ':' || (s[19] != '+' && s[19] != '-'))
        {
            return false;
        }

        if (!Digits(s[..4], out var year) || !Digits(s.Slice(5, 2), out var month) || !Digits(s.Slice(8, 2), out var day)
            || !Digits(s.Slice(11, 2), out var hour) || !Digits(s.Slice(14, 2), out var minute) || !Digits(s.Slice(17, 2), out var second)
            || !Digits(s.Slice(20, 2), out var offsetHours) || !Digits(s.Slice(23, 2), out var offsetMinutes))
        {
            return false;
        }

        // Anything out of range falls through to the general parser, which refuses it.
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59 || offsetHours > 14 || offsetMinutes > 59)
        {
            return false;
        }

        var offset = new TimeSpan(offsetHours, offsetMinutes, 0);
        value = new DateTimeOffset(year, month, day, hour, minute, second, s[19] == '-' ? -offset : offset);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> digits, out int number)
    {
        number = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            number = (number * 10) + (c - '0');
        }

        return true;
    }

    // "+0000" (no colon), as in the old Coupa form, becomes "+00:00" so that zzz reads it.
    private static string NormaliseCompactOffset(string text)
    {
        if (!text.Contains(' ', StringComparison.Ordinal))
        {
            return text;
        }

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
