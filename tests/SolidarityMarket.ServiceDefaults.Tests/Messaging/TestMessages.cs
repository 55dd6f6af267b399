namespace SolidarityMarket.ServiceDefaults.Tests.Messaging.Contracts;

/// <summary>A test event: something was created in the test service.</summary>
public sealed record WidgetCreated(Guid WidgetId);

/// <summary>A message whose consumer always fails: it must end in an error queue, not vanish.</summary>
public sealed record PoisonWidget(Guid WidgetId);
