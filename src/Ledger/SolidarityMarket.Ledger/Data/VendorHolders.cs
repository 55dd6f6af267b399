namespace SolidarityMarket.Ledger.Data;

/// <summary>
/// Keeps the holders of a vendor's member accounts equal to its staff (ADR 0033): someone who left a co-op must
/// lose its account at once, and someone who joined must reach it. Every change goes through the vendor's
/// <see cref="VendorStaffCopy"/> row, whose version orders the lists and serialises their writers.
/// </summary>
public static class VendorHolders
{
    /// <summary>
    /// The staff a newly opened vendor account gets: a later list already heard of, else the registration's, which
    /// is then recorded as version 0. Either way the save writes the vendor's row (a list read is touched, compared
    /// with its version), so a change handled at the same moment either commits first and fails this save (retried,
    /// it reads the newer list) or waits for it and then finds the account (<see cref="ApplyAsync"/>).
    /// </summary>
    public static async Task<IReadOnlyList<string>> ForNewAccountAsync(
        LedgerDbContext db, Guid vendorId, IReadOnlyList<string> registeredStaff, DateTimeOffset now, CancellationToken ct)
    {
        var copy = await db.VendorStaff.FindAsync([vendorId], ct);
        if (copy is not null)
        {
            // Only read, the row would not be written, and a change committing between this read and the save would
            // leave the account with the list it replaced (a review found it).
            copy.UpdatedAt = now;
            db.Entry(copy).Property(c => c.UpdatedAt).IsModified = true;
            return copy.UserIds;
        }

        db.VendorStaff.Add(new VendorStaffCopy { VendorId = vendorId, StaffVersion = 0, UserIds = [.. registeredStaff], UpdatedAt = now });
        return registeredStaff;
    }

    /// <summary>
    /// Applies staff list <paramref name="version"/>: records it and makes it the holders of every member account
    /// the vendor owns. False (nothing changed) when the same or a newer list was applied before.
    /// </summary>
    public static async Task<bool> ApplyAsync(
        LedgerDbContext db, Guid vendorId, IReadOnlyList<string> staff, int version, DateTimeOffset now, CancellationToken ct)
    {
        var copy = await db.VendorStaff.FindAsync([vendorId], ct);
        if (copy is { } known && known.StaffVersion >= version)
        {
            return false;
        }

        if (copy is null)
        {
            db.VendorStaff.Add(new VendorStaffCopy { VendorId = vendorId, StaffVersion = version, UserIds = [.. staff], UpdatedAt = now });
        }
        else
        {
            copy.StaffVersion = version;
            copy.UserIds = [.. staff];
            copy.UpdatedAt = now;
        }

        // The row is written before the accounts are read: an opening of the vendor's account in flight has written
        // it too, so this waits for that to commit and then reads its account, or fails and is retried. Read first,
        // an account committed after the read but before this save kept the older list (a review found it).
        await db.SaveChangesAsync(ct);
        var accounts = await db.Accounts.Include(a => a.Holders)
            .Where(a => a.OwnerId == vendorId && a.Kind == Domain.AccountKind.Member).ToListAsync(ct);
        foreach (var account in accounts)
        {
            account.Holders.RemoveAll(h => !staff.Contains(h.UserId, StringComparer.Ordinal));
            account.Holders.AddRange(staff.Where(u => !account.Holders.Any(h => h.UserId == u))
                .Select(u => new AccountHolder { AccountId = account.Id, UserId = u }));
        }

        return true;
    }
}
