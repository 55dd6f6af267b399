using System.Security.Claims;
using SolidarityMarket.Catalog.Data;
using SolidarityMarket.Catalog.Features.Certification;
using SolidarityMarket.Contracts.Catalog;
using SolidarityMarket.ServiceDefaults.Auth;
using SolidarityMarket.ServiceDefaults.Web;

namespace SolidarityMarket.Catalog.Features.Staff;

/// <summary>
/// Administrators replace who acts for a vendor (its listings, orders, certification and credit account), with a
/// reason: a co-op's people join and leave, and someone who left must lose the access at once. Only administrators,
/// as only they may name other users' staff at registration (ADR 0033): staff reach the co-op's credit account. The
/// list is the whole new staff (at least one user). In one transaction: the vendor's staff rows, its
/// <see cref="Vendor.StaffVersion"/> (+1), an append-only <see cref="VendorStaffChange"/> (who was added and removed,
/// by whom, why) and <see cref="VendorStaffChanged"/> in the outbox, from which Ledger and Ordering follow.
/// The same list again (ignoring case and order) changes nothing and answers the current staff. An administrator on
/// the vendor's staff may not change it (403, logged; another administrator does), as they may not decide its
/// certification or its disputes: otherwise one could step off the staff, decide, and step back on, or add themselves,
/// apply for the certification as staff, step off and approve their own application. With
/// <c>expectedStaffVersion</c> a change worked out from an older staff is refused.
/// </summary>
public static class ChangeVendorStaff
{
    /// <param name="ExpectedStaffVersion">
    /// Optional: the <see cref="Vendor.StaffVersion"/> the list was worked out from (what a form showed). When the
    /// staff has changed since, the request is refused (409 <c>staff-changed</c>) rather than sending an older list
    /// over a newer one — another administrator's change would be undone without anyone seeing it.
    /// </param>
    public sealed record Request(List<string>? StaffUserIds, string? Reason, int? ExpectedStaffVersion = null);

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPut("/vendors/{id:guid}/staff", Handle)
            .RequireAuthorization(Policies.Admin)
            .WithName("ChangeVendorStaff")
            .WithSummary("Administrators: replace the users who act for a vendor, with a reason")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Results<Ok<VendorStaffDto>, ValidationProblem, ProblemHttpResult>> Handle(
        Guid id, Request request, ClaimsPrincipal user, CatalogDbContext db, CertificationAccess access, TimeProvider time, CancellationToken ct)
    {
        var errors = new RequestErrors()
            .Require(request.StaffUserIds is { Count: > 0 }, "staffUserIds", "staffUserIds must name at least one user: a vendor needs someone to act for it.")
            .Text(request.Reason, "reason", VendorStaffIds.MaxReasonLength)
            .Require(request.ExpectedStaffVersion is null or >= 0, "expectedStaffVersion", "expectedStaffVersion must be 0 or more.");
        VendorStaffIds.Validate(errors, request.StaffUserIds, "staffUserIds");
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var vendor = await db.Vendors.Include(v => v.Staff).FirstOrDefaultAsync(v => v.Id == id, ct);
        if (vendor is null)
        {
            return CatalogProblems.NotFound("The vendor");
        }

        if (!await access.CanDecideAsync(user, id, "changing the staff", ct))
        {
            return CatalogProblems.Forbidden("An administrator on the vendor's staff may not change it: another administrator does.");
        }

        var wanted = VendorStaffIds.Normalise(request.StaffUserIds!);
        var current = vendor.Staff.Select(s => s.UserId).ToList();
        var added = wanted.Where(w => !current.Contains(w, StringComparer.OrdinalIgnoreCase)).ToList();
        var removed = current.Where(c => !wanted.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (added.Count == 0 && removed.Count == 0)
        {
            // What was asked for is the staff now, whichever version it was asked from (a form sent twice).
            return TypedResults.Ok(await VendorStaffDto.LoadAsync(db, vendor, ct));
        }

        if (request.ExpectedStaffVersion is { } expected && expected != vendor.StaffVersion)
        {
            return CatalogProblems.Conflict("staff-changed",
                $"The staff changed since version {expected} (it is at version {vendor.StaffVersion} now); read it again and decide on the current staff.");
        }

        var now = time.GetUtcNow();
        var versionRead = vendor.StaffVersion;
        vendor.Staff.RemoveAll(s => removed.Contains(s.UserId, StringComparer.Ordinal));
        vendor.Staff.AddRange(added.Select(userId => new VendorStaff { VendorId = vendor.Id, UserId = userId }));
        vendor.StaffVersion++;
        db.VendorStaffChanges.Add(new VendorStaffChange
        {
            VendorId = vendor.Id, StaffVersion = vendor.StaffVersion, At = now, ActorUserId = user.UserId(),
            Reason = request.Reason!.Trim(), Added = added, Removed = removed,
        });
        db.Publish(new VendorStaffChanged(vendor.Id, vendor.Staff.Select(s => s.UserId).ToList(), vendor.StaffVersion, now), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The vendor row changed first: its staff, its certification or its profile.
            return ConcurrentChange();
        }
        catch (DbUpdateException)
        {
            // A racing staff change committed first, and its staff rows or its version row refused ours (on
            // PostgreSQL the insert waits for it and fails before the vendor's token is compared).
            if (await StaffVersionMovedAsync(db, id, versionRead, ct))
            {
                return ConcurrentChange();
            }

            throw;
        }

        return TypedResults.Ok(await VendorStaffDto.LoadAsync(db, vendor, ct));
    }

    private static ProblemHttpResult ConcurrentChange() =>
        CatalogProblems.Conflict("concurrent-change", "The vendor changed at the same time; read its staff again and retry.");

    private static async Task<bool> StaffVersionMovedAsync(CatalogDbContext db, Guid id, int versionRead, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.Vendors.AsNoTracking().Where(v => v.Id == id).Select(v => v.StaffVersion).FirstAsync(ct) != versionRead;
    }
}
