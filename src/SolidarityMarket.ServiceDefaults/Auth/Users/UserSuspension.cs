namespace SolidarityMarket.ServiceDefaults.Auth.Users;

/// <summary>
/// One administrator's decision to suspend or reinstate a user: who, when and why. Rows are only ever added; the
/// user's current state is Identity's lock-out (<see cref="SuspendUser"/>), the rows are its history.
/// </summary>
public sealed class UserSuspension
{
    public const int ReasonMaxLength = 500;

    public Guid Id { get; set; }

    public string UserId { get; set; } = "";

    /// <summary><c>suspended</c> or <c>reinstated</c>.</summary>
    public string Action { get; set; } = "";

    public string Reason { get; set; } = "";

    /// <summary>The administrator's user id.</summary>
    public string ByUserId { get; set; } = "";

    public DateTimeOffset At { get; set; }
}
