using System.Globalization;
using System.Net.Http.Headers;
using Punchout.Protocols.Cxml;

namespace Punchout.Gateway.Outbound;

/// <summary>How one delivery attempt ended.</summary>
public enum DeliveryResult
{
    /// <summary>The buyer took the document (a 2xx Status).</summary>
    Delivered,

    /// <summary>The buyer refused it for good: a 4xx Status, or an HTTP 4xx without a cXML Response.</summary>
    Refused,

    /// <summary>The buyer could not take it now: a 5xx Status, an HTTP 5xx, a timeout, no connection, or an answer that
    /// is no cXML Response; tried again.</summary>
    Failed,
}

/// <summary>The result of an attempt and what the buyer answered, for the attempt history; never the document.</summary>
public sealed record DeliveryOutcome(DeliveryResult Result, string Detail);

/// <summary>Posts a document to a buyer's order status URL and reads the answer as cXML prescribes (PROTOCOLS.md §2).</summary>
/// <remarks>
/// When the answer is a cXML Response, its Status decides, whatever the HTTP status (an HTTP 500 carrying Status 400 is
/// a refusal): 2xx delivered, 4xx refused, anything else failed. Without one: HTTP 4xx is refused, except 408 and 429,
/// which are transient by their meaning; HTTP 2xx without a Response, 3xx (redirects are not followed: the document goes
/// only to the configured URL), 5xx and transport errors are failed.
/// </remarks>
public sealed class BuyerDelivery(HttpClient http)
{
    private const int MaxAnswerBytes = 1024 * 1024;
    private const int MaxDetailLength = 300;

    /// <summary>Posts <paramref name="document"/> to <paramref name="url"/>; cancelled when <paramref name="cancellationToken"/> is.</summary>
    /// <remarks>A cancellation is a timeout unless <paramref name="stopping"/> is cancelled too: then the host is stopping and it propagates.</remarks>
    public async Task<DeliveryOutcome> PostAsync(Uri url, byte[] document, CancellationToken cancellationToken, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var content = new ByteArrayContent(document);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
        try
        {
            using var response = await http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
            var answer = await ReadAsync(response, cancellationToken).ConfigureAwait(false);
            return Judge((int)response.StatusCode, answer);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return new(DeliveryResult.Failed, "no answer in time");
        }
        catch (HttpRequestException ex)
        {
            return new(DeliveryResult.Failed, $"transport error: {Shorten(ex.Message)}");
        }
    }

    /// <summary>The outcome of an answer with HTTP status <paramref name="httpStatus"/> and body <paramref name="answer"/>
    /// (null when it was larger than the gateway reads).</summary>
    public static DeliveryOutcome Judge(int httpStatus, byte[]? answer)
    {
        var http = $"HTTP {httpStatus.ToString(CultureInfo.InvariantCulture)}";
        if (answer is not null && CxmlReader.Read(answer).Document?.Body is CxmlResponse { Status: var status })
        {
            var said = $"{http}, Status {status.Code.ToString(CultureInfo.InvariantCulture)} {status.Text}{(string.IsNullOrWhiteSpace(status.Detail) ? string.Empty : ": " + Shorten(status.Detail))}";
            return status.Code switch
            {
                >= 200 and < 300 => new(DeliveryResult.Delivered, said),
                >= 400 and < 500 => new(DeliveryResult.Refused, said),
                _ => new(DeliveryResult.Failed, said),
            };
        }

        return httpStatus switch
        {
            408 or 429 => new(DeliveryResult.Failed, $"{http} without a cXML Response"),
            >= 400 and < 500 => new(DeliveryResult.Refused, $"{http} without a cXML Response"),
            _ => new(DeliveryResult.Failed, $"{http} without a cXML Response"),
        };
    }

    // The answer's bytes, or null when it is larger than the gateway reads.
    private static async Task<byte[]?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxAnswerBytes)
        {
            return null;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxAnswerBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string Shorten(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        return flat.Length <= MaxDetailLength ? flat : flat[..MaxDetailLength] + "…";
    }
}
