namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// An account as the money rules see it. Immutable: every change produces a new state with a higher
/// <see cref="Version"/>, which the persistence layer can use for optimistic concurrency.
/// Amounts are minor units (hundredths of a credit by default).
/// </summary>
public sealed record AccountState
{
    /// <summary>The <see cref="CreditLimit"/> meaning "no ceiling"; the balance is then capped only by <see cref="long"/>.</summary>
    public const long NoCeiling = long.MaxValue;

    public required Guid Id { get; init; }

    /// <summary>The exchange (sector) the account belongs to, e.g. "food". Only accounts of one exchange transact directly.</summary>
    public required string ExchangeId { get; init; }

    public required AccountKind Kind { get; init; }

    /// <summary>How far below zero the account may go (&gt;= 0). Spending below zero is how mutual credit comes into being.</summary>
    public long DebitLimit { get; init; }

    /// <summary>The ceiling above zero (&gt;= 0), against hoarding; <see cref="NoCeiling"/> for none.</summary>
    public long CreditLimit { get; init; } = NoCeiling;

    public AccountStatus Status { get; init; } = AccountStatus.Active;

    /// <summary>The posted balance: the replay of this account's journal entries.</summary>
    public long Balance { get; init; }

    /// <summary>Sum of open holds where this account pays.</summary>
    public long PendingDebits { get; init; }

    /// <summary>Sum of open holds where this account receives.</summary>
    public long PendingCredits { get; init; }

    /// <summary>Incremented by every change made by the ledger.</summary>
    public long Version { get; init; }

    /// <summary>
    /// Balance - PendingDebits + DebitLimit: what the account can still pay or hold.
    /// Computed without overflow and clamped to the range of <see cref="long"/>.
    /// </summary>
    public long AvailableToSpend => Clamp((Int128)Balance - PendingDebits + DebitLimit);

    /// <summary>CreditLimit - Balance - PendingCredits: what the account can still receive; clamped like <see cref="AvailableToSpend"/>.</summary>
    public long RoomToReceive => Clamp((Int128)CreditLimit - Balance - PendingCredits);

    public bool HasOpenHolds => PendingDebits != 0 || PendingCredits != 0;

    /// <summary>A new, active, empty account. Limits are not validated here; <see cref="LedgerBook.OpenAccount"/> does.</summary>
    public static AccountState Open(Guid id, string exchangeId, AccountKind kind, long debitLimit, long creditLimit) =>
        new()
        {
            Id = id,
            ExchangeId = exchangeId,
            Kind = kind,
            DebitLimit = debitLimit,
            CreditLimit = creditLimit,
        };

    private static long Clamp(Int128 value) =>
        value > long.MaxValue ? long.MaxValue : value < long.MinValue ? long.MinValue : (long)value;
}
