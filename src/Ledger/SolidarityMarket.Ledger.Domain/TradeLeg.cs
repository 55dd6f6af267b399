namespace SolidarityMarket.Ledger.Domain;

public sealed record TradeLeg(TradeLegRole Role, TransferRequest Request);
