namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// One account touched since the last <see cref="LedgerBook.TakeChanges"/>. <see cref="Previous"/> is the state
/// as loaded (null for a new account), so the persistence layer can write
/// "UPDATE ... WHERE id = @id AND version = @Previous.Version" and detect a concurrent writer.
/// </summary>
public sealed record AccountChange(AccountState? Previous, AccountState Current)
{
    public bool IsNew => Previous is null;
}
