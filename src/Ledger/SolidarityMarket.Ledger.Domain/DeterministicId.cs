using System.Security.Cryptography;
using System.Text;

namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// Ids derived from another id and a purpose, e.g. the fee leg of trade X. Derived, not random, so that a
/// retried trade produces exactly the same legs and the ledger recognises the retry as a replay.
/// SHA-256 over the parent's 16 bytes (RFC 9562 order) and the UTF-8 purpose; the first 16 bytes, stamped as a
/// version 8 (custom) RFC 9562 UUID.
/// <para>Derived ids are predictable, so version 8 is reserved to them: a client (or Ordering) choosing a transfer
/// id in that space could take, in advance, the id of a post, void, reversal or payment that the ledger will derive
/// later and block it for good (a taken id is a conflict). The edges refuse such ids (<see cref="IsReserved"/>).</para>
/// </summary>
public static class DeterministicId
{
    public static Guid Derive(Guid parent, string purpose)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        var input = new byte[16 + Encoding.UTF8.GetByteCount(purpose)];
        parent.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(purpose, input.AsSpan(16));

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>
    /// True for an id in the derived space (RFC 9562 version 8, whatever its variant bits): never accepted as a
    /// client-chosen transfer or hold id. Clients generate version 4 (random) or 7 (time-ordered) GUIDs.
    /// </summary>
    public static bool IsReserved(Guid id) => id.Version == 8;
}
