namespace SolidarityMarket.Benchmarks;

/// <summary>The one way every benchmark turns its arguments into options: a bad argument prints why and the usage.</summary>
public static class CommandLine
{
    /// <summary>Exit code for arguments that could not be parsed.</summary>
    public const int BadArguments = 2;

    /// <summary>
    /// Runs <paramref name="parse"/>; on an argument, format or overflow error prints the message and
    /// <paramref name="usage"/> to stderr and returns false.
    /// </summary>
    public static bool TryParse<T>(Func<T> parse, string usage, out T options)
    {
        try
        {
            options = parse();
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(usage);
            options = default!;
            return false;
        }
    }
}
