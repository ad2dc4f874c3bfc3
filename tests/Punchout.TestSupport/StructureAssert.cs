using System.Collections;
using System.Reflection;
using Xunit;

namespace Punchout.TestSupport;

/// <summary>Compares document models by value all the way down: records compare their lists by reference, which
/// is not what a round trip means.</summary>
public static class StructureAssert
{
    /// <summary>Fails with the path of the first difference between <paramref name="expected"/> and <paramref name="actual"/>.</summary>
    public static void Equal(object? expected, object? actual)
    {
        var difference = FirstDifference(expected, actual, "$");
        Assert.True(difference is null, difference);
    }

    private static string? FirstDifference(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";
        }

        var type = expected.GetType();
        if (type != actual.GetType() && !(expected is IEnumerable && actual is IEnumerable && expected is not string))
        {
            return $"{path}: expected a {type.Name}, got a {actual.GetType().Name}";
        }

        if (IsValue(type))
        {
            return Equals(expected, actual) ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";
        }

        if (expected is IEnumerable expectedItems)
        {
            var left = expectedItems.Cast<object?>().ToList();
            var right = ((IEnumerable)actual).Cast<object?>().ToList();
            if (left.Count != right.Count)
            {
                return $"{path}: expected {left.Count} items, got {right.Count}";
            }

            return left.Select((item, i) => FirstDifference(item, right[i], $"{path}[{i}]")).FirstOrDefault(d => d is not null);
        }

        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => FirstDifference(p.GetValue(expected), p.GetValue(actual), $"{path}.{p.Name}"))
            .FirstOrDefault(d => d is not null);
    }

    // Types whose own Equals is the value comparison (strings, numbers, dates, enums, and classes that override it without
    // being records, such as SharedSecret).
    private static bool IsValue(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTimeOffset)
        || type == typeof(DateTime) || type == typeof(TimeSpan) || type == typeof(Uri)
        || (type.GetMethod("Equals", [typeof(object)])?.DeclaringType == type && type.GetMethod("<Clone>$") is null && !typeof(IEnumerable).IsAssignableFrom(type));

    private static string Show(object? value) => value is null ? "null" : $"'{value}'";
}
