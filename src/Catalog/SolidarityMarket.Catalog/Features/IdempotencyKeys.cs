using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Catalog.Features;

/// <summary>
/// The Catalog's optional <c>idempotencyKey</c> on creating requests (a vendor's registration, a new listing), per
/// caller as checkouts are: the first request stores the caller, the key and the hash of its body without the key; a
/// repeat with the same body answers what was created first, another body is 409 <c>idempotency-key-reused</c>. Each
/// feature looks up its own stored row; this holds what they share, so both behave alike.
/// </summary>
public static class IdempotencyKeys
{
    /// <summary>As long as a checkout's key.</summary>
    public const int MaxLength = 100;

    private static readonly JsonSerializerOptions HashJson = new(JsonSerializerDefaults.Web);

    /// <summary>Absent is fine; blank is refused (leave it out instead), as is one too long or with a NUL.</summary>
    public static RequestErrors IdempotencyKey(this RequestErrors errors, string? key) =>
        errors.Require(key is null || !string.IsNullOrWhiteSpace(key), "idempotencyKey", "idempotencyKey must not be blank (leave it out instead).")
            .Text(key, "idempotencyKey", MaxLength, required: false);

    /// <summary>SHA-256 (hex) of the body as JSON; pass the body without its key, so only what it asks for is compared.</summary>
    public static string Hash<T>(T bodyWithoutKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(bodyWithoutKey, HashJson))));

    /// <summary>The answer to a key already used with another body.</summary>
    public static ProblemHttpResult Reused(string key, string what) =>
        CatalogProblems.Conflict("idempotency-key-reused", $"Key '{key}' was already used for {what} with a different request.");

    /// <summary>
    /// Saves; when a concurrent request with the same key committed first (the unique index refuses this one), answers
    /// as a repeat would (<paramref name="replay"/>, after the failed changes are dropped). Null when saved.
    /// </summary>
    public static async Task<TResult?> SaveOrReplayAsync<TResult>(
        CatalogDbContext db, string? key, Func<Task<TResult?>> replay, ILogger logger, CancellationToken ct)
        where TResult : class
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException) when (key is not null)
        {
            db.ChangeTracker.Clear();
            var raced = await replay();
            if (raced is null)
            {
                throw;
            }

            logger.LogInformation("Idempotency key {Key} raced; answered with what the first request stored", key);
            return raced;
        }
    }
}
