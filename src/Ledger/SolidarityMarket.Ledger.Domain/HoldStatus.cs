namespace SolidarityMarket.Ledger.Domain;

/// <summary>Where a hold (a <see cref="TransferKind.Pending"/> transfer) is in its one-way life.</summary>
public enum HoldStatus
{
    /// <summary>The transfer is not a hold.</summary>
    NotAHold = 0,

    /// <summary>Still reserving its amount.</summary>
    Open = 1,

    /// <summary>Posted (fully or partly) by a <see cref="TransferKind.PostPending"/> transfer.</summary>
    Posted = 2,

    /// <summary>Released by a <see cref="TransferKind.VoidPending"/> transfer.</summary>
    Voided = 3,

    /// <summary>Released because its timeout passed before anyone posted or voided it.</summary>
    Expired = 4,
}
