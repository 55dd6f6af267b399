namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// One open obligation for multilateral clearing: <paramref name="Debtor"/> owes <paramref name="Creditor"/>
/// <paramref name="Amount"/> credit hundredths (&gt; 0). Clearing only reduces such obligations by set-off; it never
/// moves credits, so the caller keeps whatever the obligation stands for (an invoice, a delivery) and records the
/// set-off against it.
/// </summary>
public sealed record ClearingObligation(Guid Id, Guid Debtor, Guid Creditor, long Amount);
