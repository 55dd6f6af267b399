using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.ServiceDefaults.Messaging;

namespace SolidarityMarket.Web.Tests;

/// <summary>
/// A marketplace of its own for the operations pages (failed deliveries and the stuck outbox are the whole host's, so
/// other classes' tests must not add rows under these pages), without listings. What the tests set up through the
/// host's own service databases, and read back through the operators' APIs.
/// </summary>
public sealed class OperationsWorld : MarketWorld
{
    public static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions MessageJson = new(JsonSerializerDefaults.Web);

    protected override bool SeedsListings => false;

    /// <summary>A co-op's registration as Catalog announces it (the ledger opens its account in "food" on it).</summary>
    public static VendorRegistered Registration(Guid vendorId, string name) =>
        new(vendorId, name, "SolidarityEconomyInitiative", "food", [], DateTimeOffset.UtcNow);

    /// <summary>
    /// Stores a failed delivery as <c>FailedMessageFilter</c> would after the consumer's retries. Written through the
    /// host's own service database: the embedded world has no consumer that fails on demand (ServiceDefaults.Tests
    /// make one with test consumers in a host of their own), and the pages are about what operators do with the row.
    /// </summary>
    public async Task<Guid> FailedDeliveryAsync(string service, string queue, object message, string error)
    {
        var id = Guid.CreateVersion7();
        await WithDatabaseAsync(service, db =>
        {
            db.FailedMessages.Add(new FailedMessage
            {
                MessageId = id, Queue = queue, MessageType = message.GetType().FullName!, Body = JsonSerializer.Serialize(message, message.GetType(), MessageJson),
                Consumer = "SolidarityMarket.Test.Consumer", Error = error + "\n   at SolidarityMarket.Test.Consumer.Consume()",
                FirstFailedAt = DateTimeOffset.UtcNow.AddMinutes(-10), LastFailedAt = DateTimeOffset.UtcNow, Failures = 2,
            });
            return db.SaveChangesAsync();
        });
        return id;
    }

    /// <summary>
    /// Stores an outbox row that failed to leave and waits an hour for its next attempt (as after a broker outage),
    /// through the host's service database: the relay would send a fresh row at once.
    /// </summary>
    public async Task<Guid> StuckOutboxRowAsync(string service, object message)
    {
        var id = Guid.CreateVersion7();
        await WithDatabaseAsync(service, db =>
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = id, MessageType = message.GetType().FullName!, Body = JsonSerializer.Serialize(message, message.GetType(), MessageJson),
                CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-20), Attempts = 4, NextAttemptAt = DateTimeOffset.UtcNow.AddHours(1),
                LastError = "BrokerUnreachableException: None of the specified endpoints were reachable",
            });
            return db.SaveChangesAsync();
        });
        return id;
    }

    public async Task<DateTimeOffset?> OutboxSentAtAsync(string service, Guid id)
    {
        DateTimeOffset? sent = null;
        await WithDatabaseAsync(service, async db => sent = await db.OutboxMessages.AsNoTracking().Where(m => m.Id == id).Select(m => m.SentAt).SingleAsync());
        return sent;
    }

    /// <summary>How many times consumers of <paramref name="service"/> recorded <paramref name="messageId"/> as processed.</summary>
    public async Task<int> InboxCountAsync(string service, Guid messageId)
    {
        var count = 0;
        await WithDatabaseAsync(service, async db => count = await db.InboxMessages.AsNoTracking().CountAsync(m => m.MessageId == messageId));
        return count;
    }

    /// <summary>The service's failed deliveries in <paramref name="status"/>, as the operators' API lists them.</summary>
    public async Task<List<JsonElement>> FailedAsync(string service, string status)
    {
        using var admin = await AdminAsync();
        var rows = await admin.GetFromJsonAsync<JsonElement>($"/admin/messaging/{service}/failed?status={status}");
        return [.. rows.EnumerateArray()];
    }

    /// <summary>The ledger's accounts owned by <paramref name="ownerId"/>.</summary>
    public async Task<int> AccountsOwnedByAsync(Guid ownerId)
    {
        using var admin = await AdminAsync();
        var accounts = await admin.GetFromJsonAsync<JsonElement>($"/api/ledger/accounts?ownerId={ownerId}");
        return accounts.GetArrayLength();
    }

    public async Task<string> AdminUserIdAsync()
    {
        using var admin = await AdminAsync();
        var me = await admin.GetFromJsonAsync<JsonElement>("/api/auth/me");
        return me.GetProperty("id").GetString()!;
    }

    public async Task<JsonElement> ReconciliationsAsync()
    {
        using var admin = await AdminAsync();
        return (await admin.GetFromJsonAsync<JsonElement>("/api/ordering/reconciliations?pageSize=100")).GetProperty("items");
    }

    public async Task WithDatabaseAsync(string service, Func<ServiceDbContext, Task> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await work(ServiceDatabases.Named(scope.ServiceProvider, service)!);
    }
}
