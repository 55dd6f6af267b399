namespace SolidarityMarket.Ledger.Domain;

/// <summary>What the trade planner needs to know about an exchange: its system accounts and its fee.</summary>
/// <param name="FeeBasisPoints">Fee charged to the payer of each trade, in hundredths of a percent (0..10,000).</param>
public sealed record ExchangeInfo(
    string ExchangeId,
    Guid OperatingAccountId,
    Guid ClearingAccountId,
    Guid ReserveAccountId,
    int FeeBasisPoints = 0);
