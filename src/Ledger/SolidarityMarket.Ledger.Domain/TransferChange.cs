namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// One transfer created or closed since the last <see cref="LedgerBook.TakeChanges"/>: new ones are inserted,
/// existing ones only ever get their one-time closing fields (hold resolution, reversal link) set.
/// </summary>
public sealed record TransferChange(Transfer? Previous, Transfer Current)
{
    public bool IsNew => Previous is null;
}
