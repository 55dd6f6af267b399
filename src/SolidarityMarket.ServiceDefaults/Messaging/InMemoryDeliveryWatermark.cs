using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SolidarityMarket.ServiceDefaults.Hosting;

namespace SolidarityMarket.ServiceDefaults.Messaging;

/// <summary>
/// Writes <see cref="InMemoryDeliveries.Watermark"/> to <c>{Storage:Directory}/in-memory-bus.watermark</c> every
/// second and when the process stops, so that a crash loses at most what the next start re-sends. Registered before
/// the bus, so it stops after it and its last write sees the deliveries the bus's stop cut short.
/// </summary>
public sealed class InMemoryDeliveryWatermark(InMemoryDeliveries deliveries, IConfiguration configuration, ILogger<InMemoryDeliveryWatermark> logger)
    : BackgroundService
{
    public const string FileName = "in-memory-bus.watermark";

    private DateTimeOffset _written = DateTimeOffset.MinValue;

    public static string PathIn(IConfiguration configuration) => Path.Combine(StorageOptions.Directory(configuration), FileName);

    /// <summary>The watermark the previous process left, or null when there is none (first start, or unreadable).</summary>
    public static DateTimeOffset? Read(IConfiguration configuration)
    {
        var path = PathIn(configuration);
        return File.Exists(path) && DateTimeOffset.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var watermark)
            ? watermark
            : null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real seconds, not the injected clock's: the cadence bounds what a crash loses, a physical matter. A test's
        // fake clock moved by eleven months ticked a periodic timer on it 28 million times, synchronously inside
        // the test's SetUtcNow (13 s of CPU each time; the Catalog's certification tests took minutes).
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Write();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes the last one.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Write();
    }

    private void Write()
    {
        var watermark = deliveries.Watermark();
        if (watermark == _written)
        {
            return;
        }

        try
        {
            // Written beside and renamed over: a crash leaves the old watermark or the new one, never half of one.
            var path = PathIn(configuration);
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, watermark.ToString("O", CultureInfo.InvariantCulture));
            File.Move(temporary, path, overwrite: true);
            _written = watermark;
        }
        catch (IOException ex)
        {
            // An older watermark only means more copies re-sent after a crash; keep going.
            logger.LogWarning(ex, "Could not record the in-memory bus's watermark");
        }
    }
}
