using Microsoft.Extensions.Configuration;

namespace SolidarityMarket.ServiceDefaults.Hosting;

/// <summary>Where the embedded default keeps its files (SQLite databases, data-protection keys).</summary>
public static class StorageOptions
{
    public static string Directory(IConfiguration configuration)
    {
        var dir = Path.GetFullPath(configuration["Storage:Directory"] ?? "./data");
        System.IO.Directory.CreateDirectory(dir);
        return dir;
    }
}
