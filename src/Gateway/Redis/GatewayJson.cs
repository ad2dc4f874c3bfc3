using System.Text.Json;
using System.Text.Json.Serialization;

namespace Punchout.Gateway.Redis;

/// <summary>The JSON shape of everything the gateway stores and of its APIs: camelCase, enums as camelCase strings.</summary>
public static class GatewayJson
{
    /// <summary>The shared serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
