namespace SolidarityMarket.ServiceDefaults.Tests.Messaging.Contracts;

/// <summary>A test event: something was created in the test service.</summary>
public sealed record WidgetCreated(Guid WidgetId);

/// <summary>A message whose consumer always fails: it must end in an error queue, not vanish.</summary>
public sealed record PoisonWidget(Guid WidgetId);

/// <summary>A test event whose consumer waits, before its inbox transaction, until the host stops (a consumer cut short).</summary>
public sealed record HeldWidgetCreated(Guid WidgetId);

/// <summary>A test event whose consumer fails while its widget is in <c>CrashPlan.Broken</c> (a bug, later fixed).</summary>
public sealed record BrokenWidget(Guid WidgetId);
