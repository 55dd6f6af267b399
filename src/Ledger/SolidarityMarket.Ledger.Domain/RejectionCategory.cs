namespace SolidarityMarket.Ledger.Domain;

/// <summary>Coarse groups of <see cref="RejectionReason"/>, so callers can map them to 400/404/409/422 in one place.</summary>
public enum RejectionCategory
{
    InvalidRequest = 0,
    NotFound = 1,
    Conflict = 2,
    RuleViolation = 3,
}
