using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Punchout.Gateway.Configuration;
using Punchout.Gateway.Observability;
using Punchout.Gateway.PunchOut;
using Punchout.Protocols.Cxml;
using Punchout.Protocols.Handlers;
using StackExchange.Redis;

namespace Punchout.Gateway.Cxml;

/// <summary><c>POST /cxml</c>: reads, authenticates and dispatches any cXML Request, and always answers with a cXML
/// Response; <c>GET /cxml</c>: the ping.</summary>
/// <remarks>Outcomes travel in Status@code with HTTP 200: 406 unreadable, 499 too large, 401 credentials, 475/476/477
/// signature required / not verifying / unacceptable, 450 no handler, 560 store unavailable (the buyer retries), 500 a
/// bug. The document itself is never logged.</remarks>
public static partial class CxmlEndpoints
{
    private const string XmlContentType = "text/xml; charset=utf-8";

    /// <summary>Maps <c>POST /cxml</c> and <c>GET /cxml</c>.</summary>
    public static IEndpointRouteBuilder MapCxml(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/cxml", () => Results.Text("Punchout cXML endpoint: POST a cXML Request here.", "text/plain"));
        routes.MapPost("/cxml", HandleAsync);
        return routes;
    }

    private static async Task<IResult> HandleAsync(
        HttpRequest request,
        CxmlAuthenticator authenticator,
        SupplierAuthenticator supplier,
        CxmlHandlerRegistry handlers,
        PayloadIdFactory payloadIds,
        GatewayMetrics metrics,
        IOptions<GatewayOptions> options,
        TimeProvider clock,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(CxmlEndpoints));
        var limit = options.Value.Cxml.MaxDocumentBytes;
        if (await ReadBodyAsync(request, limit, cancellationToken) is not { } body)
        {
            logger.CxmlUnreadable("(unread)", $"the document is larger than {limit} bytes");
            return Answer(CxmlStatus.Of(CxmlStatusCodes.DocumentTooLarge, $"The document is larger than the {limit} bytes this gateway accepts."));
        }

        var read = CxmlReader.Read(body, new CxmlReaderOptions { MaxCharacters = limit });
        if (read.Error is { } error)
        {
            logger.CxmlUnreadable(PayloadIdOf(body.Span) ?? "(unreadable)", error.ToString());
            return Answer(CxmlStatus.Of(error.StatusCode, error.ToString()));
        }

        var document = read.Document!;
        if (document.Body is not CxmlRequest cxmlRequest)
        {
            logger.CxmlUnreadable(document.PayloadId, "the document carries no Request");
            return Answer(CxmlStatus.Of(CxmlStatusCodes.BadRequest, "POST /cxml takes a Request; Responses and Messages are not accepted here."));
        }

        var requestName = cxmlRequest.Payload.RequestName;
        // A request the supplier's own systems send (a ConfirmationRequest to relay) is authenticated as the supplier's.
        var fromSupplier = handlers.TryGet(requestName, out var claimedBy) && claimedBy.Sender == CxmlRequestSender.Supplier;
        var authentication = fromSupplier ? supplier.Authenticate(document) : authenticator.Authenticate(document);
        if (authentication.Buyer is not { } buyer)
        {
            var from = document.Header?.From.FirstOrDefault();
            var claimed = authentication.ClaimedBuyerId ?? GatewayMetrics.UnknownBuyer;
            metrics.AuthenticationFailed(claimed, "cxml");
            logger.CxmlAuthenticationFailed(document.PayloadId, claimed, authentication.Failure!, from?.Domain ?? "-", from?.Identity ?? "-");
            return Answer(CxmlStatus.Of(CxmlStatusCodes.Unauthorized, "The credentials are not recognised: check the From identity and the Sender's SharedSecret with the supplier."));
        }

        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["PayloadId"] = document.PayloadId, ["Buyer"] = buyer.Id });
        if (fromSupplier)
        {
            logger.SupplierDocumentReceived(requestName, document.PayloadId, buyer.Id);
        }
        else
        {
            logger.CxmlReceived(requestName, document.PayloadId, buyer.Id);
        }

        // The buyer's signature policy is for the buyer's own documents.
        if (!fromSupplier && CxmlSignaturePolicy.Refusal(buyer, document, body) is { } refusal)
        {
            metrics.SignatureRefused(buyer.Id, refusal.Status);
            logger.CxmlSignatureRefused(document.PayloadId, buyer.Id, refusal.StatusCode, refusal.Problem ?? "-");
            return Answer(CxmlStatus.Of(refusal.StatusCode, refusal.Problem));
        }

        if (!handlers.TryGet(requestName, out var handler))
        {
            logger.CxmlNotImplemented(requestName, document.PayloadId, buyer.Id);
            return Answer(CxmlStatus.Of(CxmlStatusCodes.NotImplemented, $"{requestName} is not implemented by this gateway."));
        }

        CxmlStatus status;
        CxmlResponse response;
        try
        {
            response = await handler.HandleAsync(new CxmlRequestContext { BuyerId = buyer.Id, Sender = handler.Sender, Envelope = document, Body = body }, cancellationToken);
            status = response.Status;
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            logger.CxmlStoreUnavailable(ex, document.PayloadId, buyer.Id);
            return Answer(CxmlStatus.Of(CxmlStatusCodes.TemporarilyUnavailable, "The gateway cannot store the document right now; please resend it later."));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.CxmlHandlerFailed(ex, document.PayloadId, buyer.Id);
            return Answer(CxmlStatus.Of(CxmlStatusCodes.InternalError, "The gateway failed to process the document; the supplier has been alerted."));
        }

        logger.CxmlAnswered(document.PayloadId, buyer.Id, status.Code, status.Text);
        return Answer(status, response.Payload);

        IResult Answer(CxmlStatus answer, CxmlResponsePayload? payload = null) => Results.Bytes(
            CxmlWriter.ToBytes(new CxmlEnvelope { PayloadId = payloadIds.Next(), Timestamp = clock.GetUtcNow(), Lang = "en-US", Body = new CxmlResponse(answer, payload) }),
            XmlContentType);
    }

    // The body, or null when it is larger than the limit; never reads more than the limit plus one chunk. Kestrel
    // drains an unread body after the answer so that the client can read it; the request's own size limit (twice the
    // document limit, not Kestrel's 30 MB) makes it close the connection instead once a client keeps sending.
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = 2L * limit;
        }

        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 16 * 1024);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    // For the log line of a document that could not be read: its payloadID, if one is visible.
    private static string? PayloadIdOf(ReadOnlySpan<byte> body)
    {
        var match = PayloadIdAttribute().Match(Encoding.Latin1.GetString(body[..Math.Min(body.Length, 4096)]));
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("""payloadID\s*=\s*["']([^"'<>]{1,200})["']""", RegexOptions.CultureInvariant)]
    private static partial Regex PayloadIdAttribute();
}
