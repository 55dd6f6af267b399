namespace SolidarityMarket.ServiceDefaults.Tests.Messaging;

/// <summary>A SQLite file of one test, in the temp folder.</summary>
internal static class SqliteTestFile
{
    public static string NewPath(string prefix) => Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}.db");

    /// <summary>Deletes the file and its WAL and shared-memory files, after closing the pooled connections that hold them.</summary>
    public static void Delete(string file)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var path in Directory.GetFiles(Path.GetDirectoryName(file)!, Path.GetFileName(file) + "*"))
        {
            File.Delete(path);
        }
    }
}
