namespace SolidarityMarket.ServiceDefaults.Web;

/// <summary>
/// A request could not be served for a reason that is not the client's fault and may pass (the database is down
/// after retries). Answered with 503 and <c>Retry-After</c>: nothing was applied, so retrying the same request —
/// with the same idempotency id — is safe.
/// </summary>
public class ServiceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
