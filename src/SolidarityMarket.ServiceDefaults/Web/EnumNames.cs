namespace SolidarityMarket.ServiceDefaults.Web;

/// <summary>
/// Reads an enum value from a request by its name only (case-insensitive). <c>Enum.TryParse</c> also accepts numbers
/// and comma lists (<c>"Paid,Cancelled"</c> is the two values OR-ed together, which may well be a third, defined
/// value), so a client could pass something that means a value it never named; here that is a 400 like any other
/// unknown name.
/// </summary>
public static class EnumNames
{
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        var names = Known<T>.Names;
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], text, StringComparison.OrdinalIgnoreCase))
            {
                value = Known<T>.Values[i];
                return true;
            }
        }

        value = default;
        return false;
    }

    // Enum.GetNames and Enum.GetValues list the members in the same order.
    private static class Known<T> where T : struct, Enum
    {
        public static readonly string[] Names = Enum.GetNames<T>();
        public static readonly T[] Values = Enum.GetValues<T>();
    }
}
