using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace SolidarityMarket.Ledger.Domain;

/// <summary>
/// The canonical bytes of a journal entry, hashed with SHA-256. Any implementation (an SQL check, an
/// auditor's script) can recompute the chain from this description alone, so it is fixed and versioned.
/// All integers are big-endian; GUIDs are their 16 bytes in RFC 9562 (network) order; text is UTF-8.
/// <code>
/// version          1 byte   = 1
/// exchangeId       u16 byte length, then UTF-8
/// sequence         i64
/// transferId       16 bytes
/// kind             u8       (TransferKind value)
/// code             u16      (TransferCode value)
/// debitAccountId   16 bytes
/// creditAccountId  16 bytes
/// amount           i64      (minor units)
/// relatedId        16 bytes (pending or original transfer, or 16 zero bytes)
/// postedAt         i64      (microseconds since 1970-01-01T00:00:00Z)
/// memo             u32 byte length, then UTF-8
/// orderReference   u32 byte length, then UTF-8 (absent = length 0)
/// previousHash     32 bytes (32 zero bytes for the first entry of an exchange)
/// </code>
/// Hash = SHA-256(those bytes).
/// </summary>
public static class JournalEncoding
{
    public const byte Version = 1;

    private const int FixedSize = 1 + 2 + 8 + 16 + 1 + 2 + 16 + 16 + 8 + 16 + 8 + 4 + 4 + Hash256.Size;
    private const int StackLimit = 2048;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The hash the entry should carry, computed over its fields and its <see cref="JournalEntry.PreviousHash"/>.</summary>
    public static Hash256 ComputeHash(JournalEntry entry) =>
        ComputeHash(
            entry.ExchangeId, entry.Sequence, entry.TransferId, entry.Kind, entry.Code, entry.DebitAccountId,
            entry.CreditAccountId, entry.Amount, entry.RelatedTransferId, entry.PostedAt, entry.Memo,
            entry.OrderReference, entry.PreviousHash);

    public static Hash256 ComputeHash(
        string exchangeId, long sequence, Guid transferId, TransferKind kind, TransferCode code,
        Guid debitAccountId, Guid creditAccountId, long amount, Guid relatedTransferId, DateTimeOffset postedAt,
        string memo, string? orderReference, Hash256 previousHash)
    {
        memo ??= "";
        orderReference ??= "";
        var size = FixedSize
            + StrictUtf8.GetByteCount(exchangeId)
            + StrictUtf8.GetByteCount(memo)
            + StrictUtf8.GetByteCount(orderReference);

        byte[]? rented = null;
        var buffer = size <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            var written = Write(
                buffer, exchangeId, sequence, transferId, kind, code, debitAccountId, creditAccountId, amount,
                relatedTransferId, postedAt, memo, orderReference, previousHash);
            Span<byte> hash = stackalloc byte[Hash256.Size];
            SHA256.HashData(buffer[..written], hash);
            return Hash256.FromBytes(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The canonical bytes of an entry; public so that tests and other tools can check them byte for byte.</summary>
    public static byte[] Encode(JournalEntry entry)
    {
        var memo = entry.Memo ?? "";
        var orderReference = entry.OrderReference ?? "";
        var size = FixedSize + StrictUtf8.GetByteCount(entry.ExchangeId) + StrictUtf8.GetByteCount(memo) + StrictUtf8.GetByteCount(orderReference);
        var bytes = new byte[size];
        Write(
            bytes, entry.ExchangeId, entry.Sequence, entry.TransferId, entry.Kind, entry.Code, entry.DebitAccountId,
            entry.CreditAccountId, entry.Amount, entry.RelatedTransferId, entry.PostedAt, memo, orderReference,
            entry.PreviousHash);
        return bytes;
    }

    private static int Write(
        Span<byte> buffer, string exchangeId, long sequence, Guid transferId, TransferKind kind, TransferCode code,
        Guid debitAccountId, Guid creditAccountId, long amount, Guid relatedTransferId, DateTimeOffset postedAt,
        string memo, string orderReference, Hash256 previousHash)
    {
        var position = 0;
        buffer[position++] = Version;

        var exchangeLength = StrictUtf8.GetBytes(exchangeId, buffer[(position + 2)..]);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[position..], checked((ushort)exchangeLength));
        position += 2 + exchangeLength;

        BinaryPrimitives.WriteInt64BigEndian(buffer[position..], sequence);
        position += 8;
        position += WriteGuid(buffer[position..], transferId);
        buffer[position++] = checked((byte)kind);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[position..], checked((ushort)code));
        position += 2;
        position += WriteGuid(buffer[position..], debitAccountId);
        position += WriteGuid(buffer[position..], creditAccountId);
        BinaryPrimitives.WriteInt64BigEndian(buffer[position..], amount);
        position += 8;
        position += WriteGuid(buffer[position..], relatedTransferId);
        BinaryPrimitives.WriteInt64BigEndian(buffer[position..], LedgerTime.ToUnixMicroseconds(postedAt));
        position += 8;
        position += WriteText(buffer[position..], memo);
        position += WriteText(buffer[position..], orderReference);
        previousHash.WriteTo(buffer[position..]);
        position += Hash256.Size;
        return position;
    }

    private static int WriteGuid(Span<byte> destination, Guid value)
    {
        if (!value.TryWriteBytes(destination, bigEndian: true, out var written))
        {
            throw new InvalidOperationException("The encoding buffer is too small.");
        }

        return written;
    }

    private static int WriteText(Span<byte> destination, string text)
    {
        var length = StrictUtf8.GetBytes(text, destination[4..]);
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)length);
        return 4 + length;
    }
}
