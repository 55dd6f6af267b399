namespace SolidarityMarket.SystemTests;

// What the tests read back from the API (the services' own DTOs are not referenced: tests see the wire format).
public sealed record VendorView(Guid Id, string Name, string Category, string Sector);

public sealed record AccountView(Guid Id, Guid OwnerId, string Kind, string ExchangeId, string Name, long Balance, long AvailableToSpend, long DebitLimit, long CreditLimit, string Status);

public sealed record PaymentOptionsView(Guid VendorId, string Name, bool Certified, bool ChargesEnabled, bool AcceptsCard);

public sealed record ProblemView(string? Type, string? Title, int? Status, Dictionary<string, string[]>? Errors);
