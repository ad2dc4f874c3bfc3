namespace Punchout.Gateway.Observability;

/// <summary>Every log line the gateway writes, with fixed event ids and structured properties.</summary>
/// <remarks>No line takes a document, a header or a credential: a cXML header holds the SharedSecret.</remarks>
internal static partial class Log
{
    // cXML intake: 1000-1999
    [LoggerMessage(1001, LogLevel.Information, "Received {RequestName} {PayloadId} from buyer {Buyer}")]
    public static partial void CxmlReceived(this ILogger logger, string requestName, string payloadId, string buyer);

    [LoggerMessage(1002, LogLevel.Warning, "Refused an unreadable cXML document (payloadID {PayloadId}): {Problem}")]
    public static partial void CxmlUnreadable(this ILogger logger, string payloadId, string problem);

    [LoggerMessage(1003, LogLevel.Warning, "Refused {PayloadId} for buyer {Buyer}: {Reason} (From {FromDomain}/{FromIdentity})")]
    public static partial void CxmlAuthenticationFailed(this ILogger logger, string payloadId, string buyer, string reason, string fromDomain, string fromIdentity);

    [LoggerMessage(1004, LogLevel.Warning, "No handler for {RequestName} in {PayloadId} from buyer {Buyer}")]
    public static partial void CxmlNotImplemented(this ILogger logger, string requestName, string payloadId, string buyer);

    [LoggerMessage(1005, LogLevel.Error, "Handling {PayloadId} from buyer {Buyer} failed")]
    public static partial void CxmlHandlerFailed(this ILogger logger, Exception exception, string payloadId, string buyer);

    [LoggerMessage(1006, LogLevel.Error, "Redis is unavailable while handling {PayloadId} from buyer {Buyer}; answered 560 so the buyer retries")]
    public static partial void CxmlStoreUnavailable(this ILogger logger, Exception exception, string payloadId, string buyer);

    [LoggerMessage(1007, LogLevel.Information, "Answered {PayloadId} from buyer {Buyer} with {StatusCode} {StatusText}")]
    public static partial void CxmlAnswered(this ILogger logger, string payloadId, string buyer, int statusCode, string statusText);

    [LoggerMessage(1008, LogLevel.Warning, "Refused {PayloadId} from buyer {Buyer} with {StatusCode} for its signature: {Problem}")]
    public static partial void CxmlSignatureRefused(this ILogger logger, string payloadId, string buyer, int statusCode, string problem);

    // OCI call-ups: 5000-5999
    [LoggerMessage(5001, LogLevel.Warning, "OCI call-up for buyer {Buyer} refused with {HttpStatus}: {Reason}")]
    public static partial void OciCallUpRefused(this ILogger logger, string buyer, int httpStatus, string reason);

    [LoggerMessage(5002, LogLevel.Information, "OCI call-up of buyer {Buyer} (OCI {Version}) opened session {SessionId}; the cart goes back to {HookHost}")]
    public static partial void OciSessionCreated(this ILogger logger, string buyer, string version, string sessionId, string hookHost);

    [LoggerMessage(5003, LogLevel.Information, "OCI {Function} for buyer {Buyer} answered")]
    public static partial void OciFunctionAnswered(this ILogger logger, string function, string buyer);

    [LoggerMessage(5004, LogLevel.Warning, "OCI {Function} for buyer {Buyer} refused with {HttpStatus}: {Reason}")]
    public static partial void OciFunctionRefused(this ILogger logger, string function, string buyer, int httpStatus, string reason);

    [LoggerMessage(5005, LogLevel.Warning, "The product catalog could not answer OCI {Function} for buyer {Buyer}: {Reason}")]
    public static partial void ProductCatalogUnavailable(this ILogger logger, string function, string buyer, string reason);

    [LoggerMessage(5006, LogLevel.Information, "OCI BACKGROUND_SEARCH for buyer {Buyer} listed {Listed} of {Hits} hits")]
    public static partial void OciSearchListed(this ILogger logger, string buyer, int listed, int hits);

    // Punchout sessions: 2000-2999
    [LoggerMessage(2001, LogLevel.Information, "Punchout session {SessionId} created for buyer {Buyer} ({Operation}) by {PayloadId}")]
    public static partial void SessionCreated(this ILogger logger, string sessionId, string buyer, string operation, string payloadId);

    [LoggerMessage(2002, LogLevel.Warning, "Refused punchout setup {PayloadId} for buyer {Buyer}: {Reason}")]
    public static partial void SetupRefused(this ILogger logger, string payloadId, string buyer, string reason);

    [LoggerMessage(2003, LogLevel.Information, "Session {SessionId} of buyer {Buyer} started by {PayloadId}: browser sent to the storefront")]
    public static partial void SessionStarted(this ILogger logger, string sessionId, string buyer, string payloadId);

    [LoggerMessage(2004, LogLevel.Warning, "A start link was used again or after it expired")]
    public static partial void StartTokenRefused(this ILogger logger);

    [LoggerMessage(2005, LogLevel.Information, "Cart of session {SessionId} (buyer {Buyer}, {PayloadId}) accepted: {LineCount} lines, total {Total}")]
    public static partial void CartAccepted(this ILogger logger, string sessionId, string buyer, string payloadId, int lineCount, string total);

    [LoggerMessage(2006, LogLevel.Warning, "Cart of session {SessionId} (buyer {Buyer}, {PayloadId}) refused: {Problems}")]
    public static partial void CartRefused(this ILogger logger, string sessionId, string buyer, string payloadId, string problems);

    [LoggerMessage(2007, LogLevel.Error, "Cart of session {SessionId} (buyer {Buyer}, {PayloadId}) refused: the ERP could not price it ({Reason})")]
    public static partial void PricingUnavailable(this ILogger logger, string sessionId, string buyer, string payloadId, string reason);

    [LoggerMessage(2008, LogLevel.Information, "Cart of session {SessionId} (buyer {Buyer}, {PayloadId}) handed to the browser for {FormHost}")]
    public static partial void CartPosted(this ILogger logger, string sessionId, string buyer, string payloadId, string formHost);

    [LoggerMessage(2009, LogLevel.Warning, "A return link was used again or after it expired")]
    public static partial void ReturnTokenRefused(this ILogger logger);

    [LoggerMessage(2010, LogLevel.Information, "Session {SessionId} (buyer {Buyer}, {PayloadId}) cancelled by the storefront")]
    public static partial void SessionCancelled(this ILogger logger, string sessionId, string buyer, string payloadId);

    [LoggerMessage(2011, LogLevel.Warning, "Session {SessionId} (buyer {Buyer}, {PayloadId}) is {State}; the storefront cannot change it")]
    public static partial void SessionClosed(this ILogger logger, string sessionId, string buyer, string payloadId, string state);

    [LoggerMessage(2012, LogLevel.Warning, "Cart of session {SessionId} (buyer {Buyer}, {PayloadId}) refused by the credit check: {Code}: {Reason}")]
    public static partial void CartCreditRefused(this ILogger logger, string sessionId, string buyer, string payloadId, string code, string reason);

    // Orders: 3000-3999
    [LoggerMessage(3013, LogLevel.Warning, "Order {OrderId} ({PayloadId}) from buyer {Buyer} refused by the credit check: {Code}: {Reason}")]
    public static partial void OrderCreditRefused(this ILogger logger, string orderId, string payloadId, string buyer, string code, string reason);

    [LoggerMessage(3001, LogLevel.Information, "Order {OrderId} ({PayloadId}) from buyer {Buyer} accepted as {GatewayOrderId}")]
    public static partial void OrderAccepted(this ILogger logger, string orderId, string payloadId, string buyer, string gatewayOrderId);

    [LoggerMessage(3002, LogLevel.Information, "Order {OrderId} ({PayloadId}) from buyer {Buyer} was resent; answered as before ({GatewayOrderId})")]
    public static partial void OrderDuplicate(this ILogger logger, string orderId, string payloadId, string buyer, string gatewayOrderId);

    [LoggerMessage(3003, LogLevel.Warning, "Order {OrderId} ({PayloadId}) from buyer {Buyer} reuses a payloadID of a different document")]
    public static partial void OrderConflict(this ILogger logger, string orderId, string payloadId, string buyer);

    [LoggerMessage(3004, LogLevel.Information, "Order {GatewayOrderId} ({OrderId}, {PayloadId}, buyer {Buyer}) forwarded to the ERP as {ErpOrderId}")]
    public static partial void OrderForwarded(this ILogger logger, string gatewayOrderId, string orderId, string payloadId, string buyer, string erpOrderId);

    [LoggerMessage(3005, LogLevel.Error, "Order {GatewayOrderId} ({OrderId}, {PayloadId}, buyer {Buyer}) could not be forwarded and is dead-lettered: {Reason}")]
    public static partial void OrderDeadLettered(this ILogger logger, string gatewayOrderId, string orderId, string payloadId, string buyer, string reason);

    [LoggerMessage(3014, LogLevel.Warning, "Order {GatewayOrderId} ({OrderId}, {PayloadId}, buyer {Buyer}) is parked in credit-hold, not forwarded: {Code}: {Reason}")]
    public static partial void OrderCreditHeld(this ILogger logger, string gatewayOrderId, string orderId, string payloadId, string buyer, string code, string reason);

    [LoggerMessage(3006, LogLevel.Error, "The order worker failed; it retries after {Delay}")]
    public static partial void ForwardingFailed(this ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(3008, LogLevel.Warning, "Order {GatewayOrderId} ({OrderId}, {PayloadId}, buyer {Buyer}) could not be forwarded: {Reason}; it is tried again at {NextAttemptAt}")]
    public static partial void OrderForwardingDeferred(this ILogger logger, string gatewayOrderId, string orderId, string payloadId, string buyer, string reason, DateTimeOffset nextAttemptAt);

    [LoggerMessage(3009, LogLevel.Warning, "Order {OrderId} ({PayloadId}) from buyer {Buyer} refused: {Problems}")]
    public static partial void OrderInvalid(this ILogger logger, string orderId, string payloadId, string buyer, string problems);

    [LoggerMessage(3011, LogLevel.Warning, "Order {OrderId} ({PayloadId}) from buyer {Buyer} answered 560: the ERP could not check its parts: {Reason}")]
    public static partial void OrderErpUnavailable(this ILogger logger, string orderId, string payloadId, string buyer, string reason);

    [LoggerMessage(3010, LogLevel.Warning, "Order {GatewayOrderId} ({OrderId}, {PayloadId}, buyer {Buyer}) was taken over by another worker while this one waited for the ERP; this worker's outcome is dropped")]
    public static partial void OrderTakenOver(this ILogger logger, string gatewayOrderId, string orderId, string payloadId, string buyer);

    [LoggerMessage(3012, LogLevel.Warning, "Order {GatewayOrderId} ({OrderId}) from buyer {Buyer} charges tax {TaxAmount} {Currency} although the ERP says the account is tax-exempt; accepted and flagged taxed-but-exempt")]
    public static partial void OrderTaxedButExempt(this ILogger logger, string gatewayOrderId, string orderId, string buyer, decimal taxAmount, string currency);

    [LoggerMessage(3007, LogLevel.Warning, "Queue entry {EntryId} names order {GatewayOrderId}, which is not stored; acknowledged and skipped")]
    public static partial void OrderMissing(this ILogger logger, string entryId, string gatewayOrderId);

    [LoggerMessage(3015, LogLevel.Information, "Order {GatewayOrderId} of buyer {Buyer} waits: {Why}")]
    public static partial void OrderWaitsForItsTurn(this ILogger logger, string gatewayOrderId, string buyer, string why);

    [LoggerMessage(3016, LogLevel.Information, "Order {OrderId} ({PayloadId}) from buyer {Buyer} is a resend of order {GatewayOrderId} under a new payloadID; answered as the first, not forwarded again")]
    public static partial void OrderResentUnderNewPayloadId(this ILogger logger, string orderId, string payloadId, string buyer, string gatewayOrderId);

    [LoggerMessage(3017, LogLevel.Warning, "Order {OrderId} ({PayloadId}) from buyer {Buyer} has the orderID, type and orderVersion of order {GatewayOrderId} but other content; refused")]
    public static partial void OrderSameKeyConflict(this ILogger logger, string orderId, string payloadId, string buyer, string gatewayOrderId);

    [LoggerMessage(3018, LogLevel.Warning, "Order {GatewayOrderId} ({OrderId}, buyer {Buyer}) was {State}; support replayed it")]
    public static partial void OrderReplayed(this ILogger logger, string gatewayOrderId, string orderId, string buyer, string state);

    [LoggerMessage(3019, LogLevel.Warning, "Forwarding {Action} for {Buyers} by support")]
    public static partial void ForwardingPausedOrResumed(this ILogger logger, string action, string buyers);

    // Start-up: 4000-4999
    [LoggerMessage(4001, LogLevel.Warning, "No Redis is configured (ConnectionStrings:Redis): sessions, idempotency records and queued orders live in this process only and are LOST on restart. Use it to try the gateway, never in production.")]
    public static partial void InMemoryStore(this ILogger logger);

    [LoggerMessage(4002, LogLevel.Warning, "No ERP is configured (Erp:BaseUrl): prices and orders go to the file-backed ERP over {DataPath}")]
    public static partial void FileErp(this ILogger logger, string dataPath);

    [LoggerMessage(4004, LogLevel.Information, "Buyers {Buyers} share ERP account {ErpAccount}, as each declares (SharedErpAccount): they see one set of contract prices and entitlements and order on one account")]
    public static partial void SharedErpAccount(this ILogger logger, string buyers, string erpAccount);

    [LoggerMessage(4003, LogLevel.Information, "File-backed ERP took order {OrderId} of buyer {Buyer} as {ErpOrderId}")]
    public static partial void FileErpOrder(this ILogger logger, string orderId, string buyer, string erpOrderId);

    // Support console: 9000-9099
    [LoggerMessage(9001, LogLevel.Warning, "Console sign-in refused from {RemoteAddress}")]
    public static partial void ConsoleSignInRefused(this ILogger logger, string remoteAddress);

    [LoggerMessage(9002, LogLevel.Information, "Punchout tester run {RunId} for buyer {Buyer} ({Protocol}): {Step} {Outcome}")]
    public static partial void TesterStep(this ILogger logger, string runId, string buyer, string protocol, string step, string outcome);
}
