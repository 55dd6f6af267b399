using System.Buffers.Binary;

namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// A SHA-256 value held in four big-endian words: compared by value and copied without allocating.
/// <see cref="Zero"/> (32 zero bytes) is the "previous hash" of the first entry of every exchange.
/// </summary>
public readonly record struct Hash256(ulong Word0, ulong Word1, ulong Word2, ulong Word3)
{
    public const int Size = 32;

    public static Hash256 Zero => default;

    public static Hash256 FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"A SHA-256 value has {Size} bytes, not {bytes.Length}.", nameof(bytes));
        }

        return new Hash256(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
    }

    public static Hash256 FromHex(string hex) => FromBytes(Convert.FromHexString(hex));

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, Word0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Word1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], Word2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], Word3);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Lower-case hex, as stored and shown.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
