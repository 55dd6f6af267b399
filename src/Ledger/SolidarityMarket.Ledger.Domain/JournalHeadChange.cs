namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// How far one exchange's chain advanced. Persisting it with a check that the stored head still equals
/// <see cref="Previous"/> stops two writers from forking the chain.
/// </summary>
public readonly record struct JournalHeadChange(JournalHead Previous, JournalHead Current);
