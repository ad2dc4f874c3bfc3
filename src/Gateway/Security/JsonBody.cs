using System.Text.Json;
using Punchout.Gateway.Redis;

namespace Punchout.Gateway.Security;

/// <summary>Reads the JSON body of an API request, or answers why it cannot be read.</summary>
public static class JsonBody
{
    /// <summary>The body as <typeparamref name="T"/>; or, when it is not JSON of that shape, empty, or not sent as JSON,
    /// a problem (400 <c>invalid-json</c>, 415 <c>unsupported-media-type</c>) naming <paramref name="what"/> and where
    /// its shape is described (<paramref name="shapeIn"/>).</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, string what, string shapeIn, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await request.ReadFromJsonAsync<T>(GatewayJson.Options, cancellationToken).ConfigureAwait(false) is { } value
                ? (value, null)
                : (null, Problems.Of(StatusCodes.Status400BadRequest, "invalid-json", $"The {what} is empty", $"Send the {what} as a JSON object ({shapeIn})."));
        }
        catch (JsonException ex)
        {
            return (null, Problems.Of(StatusCodes.Status400BadRequest, "invalid-json", $"The {what} is not valid JSON", $"{ex.Message} The {what}'s shape is in {shapeIn}."));
        }
        catch (InvalidOperationException)
        {
            return (null, Problems.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", $"The {what} must be JSON", $"Send the {what} with Content-Type: application/json."));
        }
    }
}
