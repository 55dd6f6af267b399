namespace SolidarityMarket.Ledger;

/// <summary>Ledger settings (section <c>Ledger</c>).</summary>
public sealed class LedgerOptions
{
    /// <summary>Default limits per membership category, in credit hundredths; administrators change them per account.</summary>
    public Dictionary<string, AccountLimits> DefaultLimits { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SolidarityEconomyInitiative"] = new(100_000, 200_000),
        ["NetworkOrAssociation"] = new(50_000, 100_000),
        ["SupportOrganization"] = new(50_000, 100_000),
        ["AlliedOrganization"] = new(25_000, 50_000),
        ["Individual"] = new(20_000, 40_000),
    };

    public AccountLimits LimitsFor(string category) =>
        DefaultLimits.TryGetValue(category, out var limits) ? limits : new AccountLimits(0, 0);
}

/// <summary>How far below zero an account may go (<see cref="DebitLimit"/>) and how far above (<see cref="CreditLimit"/>).</summary>
public sealed record AccountLimits(long DebitLimit, long CreditLimit);
