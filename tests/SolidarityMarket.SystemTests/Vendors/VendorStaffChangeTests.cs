using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.Ledger.Data;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.Testing;

namespace SolidarityMarket.SystemTests.Vendors;

/// <summary>
/// Administrators change who acts for a vendor (ADR 0033): Catalog's listings and profile, Ordering's vendor orders
/// and Ledger's credit account all follow, in one process on the in-memory bus; bad changes are refused and change
/// nothing; staff lists arriving out of order, or before the vendor's registration, end at the newest.
/// </summary>
public sealed class VendorStaffChangeTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly MarketplaceFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_staff_change_moves_the_profile_the_vendor_orders_and_the_credit_account_from_who_left_to_who_joined()
    {
        var (admin, adminId) = await _factory.SignInAsNewUserAsync(Roles.Admin);
        var (leaver, leaverId) = await _factory.SignInAsNewUserAsync(Roles.Vendor);
        var (joiner, joinerId) = await _factory.SignInAsNewUserAsync(Roles.Vendor);
        var vendorId = await RegisterAsync(admin, "Staff Change Bakers", leaverId);
        var account = await Eventually.GetAsync(
            async () => (await leaver.GetFromJsonAsync<List<AccountView>>($"/api/ledger/accounts?ownerId={vendorId}"))!.SingleOrDefault(),
            Timeout, "the co-op's credit account");
        await Eventually.TrueAsync(async () => (await leaver.GetAsync($"/api/ordering/vendors/{vendorId}/orders")).IsSuccessStatusCode, Timeout, "Ordering's copy of the vendor");
        Assert.Equal(HttpStatusCode.OK, (await UpdateProfileAsync(leaver, vendorId)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await UpdateProfileAsync(joiner, vendorId)).StatusCode);

        var changed = await admin.PutAsJsonAsync($"/api/catalog/vendors/{vendorId}/staff", new { staffUserIds = new[] { joinerId }, reason = "Sam left the co-op; Alex joined" });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var staff = (await changed.Content.ReadFromJsonAsync<StaffView>())!;
        Assert.Equal(1, staff.StaffVersion);
        Assert.Equal([joinerId], staff.StaffUserIds);
        var change = Assert.Single(staff.Changes);
        Assert.Equal((1, adminId, "Sam left the co-op; Alex joined"), (change.StaffVersion, change.ActorUserId, change.Reason));
        Assert.Equal([joinerId], change.Added);
        Assert.Equal([leaverId], change.Removed);

        Assert.Equal(HttpStatusCode.Forbidden, (await UpdateProfileAsync(leaver, vendorId)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await UpdateProfileAsync(joiner, vendorId)).StatusCode);
        await Eventually.TrueAsync(async () => (await joiner.GetAsync($"/api/ledger/accounts/{account.Id}")).StatusCode == HttpStatusCode.OK, Timeout, "the joiner to hold the account");
        Assert.Equal(HttpStatusCode.NotFound, (await leaver.GetAsync($"/api/ledger/accounts/{account.Id}")).StatusCode);
        Assert.Empty((await leaver.GetFromJsonAsync<List<AccountView>>($"/api/ledger/accounts?ownerId={vendorId}"))!);
        var payee = await RegisterAsync(admin, "Payee Co-op", adminId);
        var payeeAccount = await Eventually.GetAsync(
            async () => (await admin.GetFromJsonAsync<List<AccountView>>($"/api/ledger/accounts?ownerId={payee}"))!.SingleOrDefault(),
            Timeout, "the payee's credit account");
        Task<HttpResponseMessage> PayAsync(HttpClient payer) => payer.PostAsJsonAsync("/api/ledger/transfers",
            new { id = Guid.NewGuid(), debitAccountId = account.Id, creditAccountId = payeeAccount.Id, amount = 100, memo = "flour" });
        Assert.Equal(HttpStatusCode.NotFound, (await PayAsync(leaver)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PayAsync(joiner)).StatusCode);
        await Eventually.TrueAsync(async () => (await joiner.GetAsync($"/api/ordering/vendors/{vendorId}/orders")).IsSuccessStatusCode, Timeout, "the joiner to see the vendor's orders");
        Assert.Equal(HttpStatusCode.NotFound, (await leaver.GetAsync($"/api/ordering/vendors/{vendorId}/orders")).StatusCode);

        // Both staff and administrators read the history; the one who left does not any more.
        Assert.Single((await joiner.GetFromJsonAsync<StaffView>($"/api/catalog/vendors/{vendorId}/staff"))!.Changes);
        Assert.Equal(HttpStatusCode.Forbidden, (await leaver.GetAsync($"/api/catalog/vendors/{vendorId}/staff")).StatusCode);
    }

    [Fact]
    public async Task Bad_or_unauthorised_staff_changes_are_refused_and_change_nothing()
    {
        var (admin, _) = await _factory.SignInAsNewUserAsync(Roles.Admin);
        var (staffClient, staffId) = await _factory.SignInAsNewUserAsync(Roles.Vendor);
        var vendorId = await RegisterAsync(admin, "Refusing Bakers", staffId);
        var url = $"/api/catalog/vendors/{vendorId}/staff";

        Assert.Equal(HttpStatusCode.Forbidden, (await staffClient.PutAsJsonAsync(url, new { staffUserIds = new[] { staffId, "a-friend" }, reason = "adding my friend" })).StatusCode);
        foreach (var (body, field) in new (object Body, string Field)[]
        {
            (new { staffUserIds = Array.Empty<string>(), reason = "nobody" }, "staffUserIds"),
            (new { reason = "no list" }, "staffUserIds"),
            (new { staffUserIds = new[] { staffId, "  " }, reason = "a blank id" }, "staffUserIds"),
            (new { staffUserIds = new[] { new string('x', 65) }, reason = "too long" }, "staffUserIds"),
            (new { staffUserIds = new[] { "line\nbreak" }, reason = "control character" }, "staffUserIds"),
            (new { staffUserIds = Enumerable.Range(0, 101).Select(i => $"user-{i}").ToArray(), reason = "a crowd" }, "staffUserIds"),
            (new { staffUserIds = new[] { "someone" } }, "reason"),
            (new { staffUserIds = new[] { "someone" }, reason = new string('r', 1001) }, "reason"),
        })
        {
            var refused = await admin.PutAsJsonAsync(url, body);
            var text = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{JsonSerializer.Serialize(body)[..Math.Min(80, JsonSerializer.Serialize(body).Length)]}: {(int)refused.StatusCode} {text}");
            Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync($"/api/catalog/vendors/{Guid.NewGuid()}/staff", new { staffUserIds = new[] { "x" }, reason = "no such vendor" })).StatusCode);

        // The same staff, spelled with other case and spaces, is no change.
        var same = await admin.PutAsJsonAsync(url, new { staffUserIds = new[] { $" {staffId.ToUpperInvariant()} " }, reason = "no change" });
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);

        var unchanged = (await admin.GetFromJsonAsync<StaffView>(url))!;
        Assert.Equal(0, unchanged.StaffVersion);
        Assert.Equal([staffId], unchanged.StaffUserIds);
        Assert.Empty(unchanged.Changes);
        Assert.Equal(HttpStatusCode.OK, (await UpdateProfileAsync(staffClient, vendorId)).StatusCode);
    }

    [Fact]
    public async Task A_change_worked_out_from_an_older_staff_is_refused_when_it_names_the_version_it_saw()
    {
        var (admin, _) = await _factory.SignInAsNewUserAsync(Roles.Admin);
        var (_, staffId) = await _factory.SignInAsNewUserAsync(Roles.Vendor);
        var vendorId = await RegisterAsync(admin, "Two Admins Bakers", staffId);
        var url = $"/api/catalog/vendors/{vendorId}/staff";
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync(url, new { staffUserIds = new[] { staffId, "first-admins-pick" }, reason = "first", expectedStaffVersion = 0 })).StatusCode);

        // A second administrator's form, read at version 0, would silently drop the first one's pick.
        var stale = await admin.PutAsJsonAsync(url, new { staffUserIds = new[] { staffId, "second-admins-pick" }, reason = "second", expectedStaffVersion = 0 });
        var text = await stale.Content.ReadAsStringAsync();
        Assert.True(stale.StatusCode == HttpStatusCode.Conflict, $"{(int)stale.StatusCode} {text}");
        Assert.EndsWith("staff-changed", JsonDocument.Parse(text).RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);

        // The same form sent twice is no conflict: the staff already is what it asks for.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync(url, new { staffUserIds = new[] { staffId, "first-admins-pick" }, reason = "first", expectedStaffVersion = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync(url, new { staffUserIds = new[] { "x" }, reason = "negative", expectedStaffVersion = -1 })).StatusCode);

        var now = (await admin.GetFromJsonAsync<StaffView>(url))!;
        Assert.Equal(1, now.StaffVersion);
        Assert.Equal(new[] { staffId, "first-admins-pick" }.Order(StringComparer.Ordinal), now.StaffUserIds);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync(url, new { staffUserIds = new[] { staffId, "second-admins-pick" }, reason = "second, after reading again", expectedStaffVersion = 1 })).StatusCode);
    }

    [Fact]
    public async Task Replaying_a_registration_after_being_removed_from_the_staff_shows_only_the_public_view()
    {
        var (admin, _) = await _factory.SignInAsNewUserAsync(Roles.Admin);
        var (member, _) = await _factory.SignInAsNewUserAsync(Roles.Member);
        var (_, successorId) = await _factory.SignInAsNewUserAsync(Roles.Member);
        var body = new { name = "Home Baker", category = "Individual", sector = "food", street = "12 Private Lane", city = "Riverside", idempotencyKey = "register-home-baker" };
        var first = await member.PostAsJsonAsync("/api/catalog/vendors", body);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var vendor = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("12 Private Lane", vendor.GetProperty("street").GetString());
        var vendorId = vendor.GetProperty("id").GetGuid();
        Assert.Equal("12 Private Lane", (await (await member.PostAsJsonAsync("/api/catalog/vendors", body)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("street").GetString());

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/catalog/vendors/{vendorId}/staff", new { staffUserIds = new[] { successorId }, reason = "Handed over the stall" })).StatusCode);

        var replay = await member.PostAsJsonAsync("/api/catalog/vendors", body);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        var replayed = await replay.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(vendorId, replayed.GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.Null, replayed.GetProperty("street").ValueKind);
    }

    [Fact]
    public async Task Staff_lists_arriving_out_of_order_or_before_the_registration_end_at_the_newest_in_ledger_and_ordering()
    {
        var bus = _factory.Services.GetRequiredService<IBus>();
        var vendors = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid()).ToList();
        var now = DateTimeOffset.UtcNow;

        // Each vendor's registration (staff "v0"), its second change and its first, all at once: whichever order the
        // consumers run them in, and however they race, the account's holders and Ordering's copy end at "v2".
        await Task.WhenAll(vendors.SelectMany(v => new[]
        {
            bus.Publish(new VendorRegistered(v, $"Racing Co-op {v:N}", "SolidarityEconomyInitiative", "food", [$"{v:N}-v0"], now)),
            bus.Publish(new VendorStaffChanged(v, [$"{v:N}-v2a", $"{v:N}-v2b"], 2, now)),
            bus.Publish(new VendorStaffChanged(v, [$"{v:N}-v1"], 1, now)),
        }));

        foreach (var v in vendors)
        {
            string[] expected = [$"{v:N}-v2a", $"{v:N}-v2b"];
            await Eventually.TrueAsync(
                () => WithLedgerAsync(async db => (await db.Accounts.AsNoTracking().Where(a => a.OwnerId == v).SelectMany(a => a.Holders).Select(h => h.UserId).OrderBy(u => u).ToListAsync())
                    .SequenceEqual(expected)),
                Timeout, $"vendor {v}'s account held by its newest staff",
                () => WithLedgerAsync(async db => string.Join(", ", await db.Accounts.AsNoTracking().Where(a => a.OwnerId == v).SelectMany(a => a.Holders).Select(h => h.UserId).ToListAsync())));
            await Eventually.TrueAsync(
                () => WithOrderingAsync(async db => await db.Vendors.AsNoTracking().Where(c => c.VendorId == v && c.Name != "").Select(c => c.StaffUserIds).FirstOrDefaultAsync() is { } ids
                    && ids.Order().SequenceEqual(expected)),
                Timeout, $"Ordering's copy of vendor {v} with its newest staff");
        }

        // Deterministically: a change handled before the registration wins over the registration's list.
        var late = Guid.NewGuid();
        var changeId = Guid.NewGuid();
        await bus.Publish(new VendorStaffChanged(late, [$"{late:N}-v1"], 1, now), c => c.MessageId = changeId);
        await Eventually.TrueAsync(
            async () => await WithLedgerAsync(db => db.InboxMessages.AnyAsync(m => m.MessageId == changeId && m.Consumer == "ledger.follow-vendor-staff"))
                && await WithOrderingAsync(db => db.InboxMessages.AnyAsync(m => m.MessageId == changeId && m.Consumer == "ordering.copy-vendor-staff")),
            Timeout, "both services to handle the early change");
        await bus.Publish(new VendorRegistered(late, "Late Registration Co-op", "SolidarityEconomyInitiative", "food", [$"{late:N}-v0"], now));
        await Eventually.TrueAsync(
            () => WithLedgerAsync(async db => (await db.Accounts.AsNoTracking().Where(a => a.OwnerId == late).SelectMany(a => a.Holders).Select(h => h.UserId).ToListAsync()) is [var only] && only == $"{late:N}-v1"),
            Timeout, "the late-registered vendor's account held by the early change's staff");
        await Eventually.TrueAsync(
            () => WithOrderingAsync(async db => await db.Vendors.AsNoTracking().Where(c => c.VendorId == late && c.Name != "").Select(c => c.StaffUserIds).FirstOrDefaultAsync() is [var only] && only == $"{late:N}-v1"),
            Timeout, "Ordering's copy of the late-registered vendor with the early change's staff");

        // A late, older list changes nothing.
        var first = vendors[0];
        await bus.Publish(new VendorStaffChanged(first, [$"{first:N}-v1"], 1, now));
        await bus.Publish(new VendorStaffChanged(first, [$"{first:N}-v3"], 3, now));
        await Eventually.TrueAsync(
            () => WithLedgerAsync(async db => (await db.Accounts.AsNoTracking().Where(a => a.OwnerId == first).SelectMany(a => a.Holders).Select(h => h.UserId).ToListAsync()).SequenceEqual([$"{first:N}-v3"])),
            Timeout, "the third list to be applied");
        Assert.Equal(3, await WithLedgerAsync(db => db.VendorStaff.Where(s => s.VendorId == first).Select(s => s.StaffVersion).SingleAsync()));
    }

    private async Task<T> WithLedgerAsync<T>(Func<LedgerDbContext, Task<T>> read)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<LedgerDbContext>());
    }

    private async Task<T> WithOrderingAsync<T>(Func<SolidarityMarket.Ordering.Data.OrderingDbContext, Task<T>> read)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<SolidarityMarket.Ordering.Data.OrderingDbContext>());
    }

    private static async Task<Guid> RegisterAsync(HttpClient admin, string name, string staffUserId)
    {
        var registered = await admin.PostAsJsonAsync("/api/catalog/vendors", new { name, category = "SolidarityEconomyInitiative", sector = "food", staffUserIds = new[] { staffUserId } });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        return (await registered.Content.ReadFromJsonAsync<VendorView>())!.Id;
    }

    private static Task<HttpResponseMessage> UpdateProfileAsync(HttpClient client, Guid vendorId) =>
        client.PutAsJsonAsync($"/api/catalog/vendors/{vendorId}/profile", new { description = "Bread and pastries", region = "North" });

    private sealed record StaffView(Guid VendorId, int StaffVersion, List<string> StaffUserIds, List<StaffChangeView> Changes);

    private sealed record StaffChangeView(int StaffVersion, DateTimeOffset At, string ActorUserId, string Reason, List<string> Added, List<string> Removed);
}
