using System.Text.Json;
using System.Text.Json.Nodes;

namespace Punchout.Functional.Tests.Infrastructure;

/// <summary>Every difference between two JSON values, by path: a member missing or extra, a value not equal (numbers
/// compared as numbers, so <c>8.1</c> equals <c>8.10</c>), an array of another length.</summary>
public static class JsonDifferences
{
    /// <summary>The differences, one line each (<c>lines[1].tax.money.amount: expected 4.00, got 4.5</c>); empty when equal.</summary>
    public static IReadOnlyList<string> Between(JsonNode? expected, JsonNode? actual)
    {
        var differences = new List<string>();
        Compare(expected, actual, "$", differences);
        return differences;
    }

    /// <summary>The normalised path (<c>lines[].tax.money</c>) of every value in <paramref name="node"/> that says
    /// something: not null, not an empty text, array or object, not <c>false</c>.</summary>
    public static IEnumerable<string> PathsWithValues(JsonNode? node, string path = "")
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                yield return path;
                foreach (var (name, value) in obj)
                {
                    foreach (var inner in PathsWithValues(value, path.Length == 0 ? name : $"{path}.{name}"))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray array when array.Count > 0:
                yield return path;
                foreach (var inner in array.SelectMany(item => PathsWithValues(item, path + "[]")))
                {
                    yield return inner;
                }

                break;
            case JsonValue value when value.GetValueKind() switch
            {
                JsonValueKind.String => value.GetValue<string>().Length > 0,
                JsonValueKind.False => false,
                _ => true,
            }:
                yield return path;
                break;
        }
    }

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, List<string> differences)
    {
        var (expectedKind, actualKind) = (expected?.GetValueKind() ?? JsonValueKind.Null, actual?.GetValueKind() ?? JsonValueKind.Null);
        if (expectedKind != actualKind)
        {
            differences.Add($"{path}: expected {Show(expected)}, got {Show(actual)}");
            return;
        }

        switch (expected)
        {
            case JsonObject e:
                var a = actual!.AsObject();
                foreach (var (name, value) in e)
                {
                    if (a.ContainsKey(name))
                    {
                        Compare(value, a[name], $"{path}.{name}", differences);
                    }
                    else
                    {
                        differences.Add($"{path}.{name}: missing, expected {Show(value)}");
                    }
                }

                differences.AddRange(a.Where(member => !e.ContainsKey(member.Key)).Select(member => $"{path}.{member.Key}: not expected, got {Show(member.Value)}"));
                break;
            case JsonArray e:
                var items = actual!.AsArray();
                if (items.Count != e.Count)
                {
                    differences.Add($"{path}: expected {e.Count} item(s) {Show(e)}, got {items.Count} {Show(items)}");
                    return;
                }

                for (var i = 0; i < e.Count; i++)
                {
                    Compare(e[i], items[i], $"{path}[{i}]", differences);
                }

                break;
            case JsonValue when expectedKind == JsonValueKind.Number:
                if (AsNumber(expected) != AsNumber(actual!))
                {
                    differences.Add($"{path}: expected {Show(expected)}, got {Show(actual)}");
                }

                break;
            case JsonValue when !JsonNode.DeepEquals(expected, actual):
                differences.Add($"{path}: expected {Show(expected)}, got {Show(actual)}");
                break;
        }
    }

    private static decimal AsNumber(JsonNode number) => decimal.Parse(number.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";
}
