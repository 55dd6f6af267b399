using System.Threading.Channels;
using MimeKit;

namespace SolidarityMarket.ServiceDefaults.Auth.Email;

/// <summary>One mail waiting to be sent; <see cref="UserId"/> names it in the logs (never the code, nor the address).</summary>
public sealed record QueuedMail(string UserId, MimeMessage Message);

/// <summary>
/// Mail handed over by a request and sent by <see cref="MailDelivery"/> after the request has answered: the answer to
/// <c>forgotPassword</c> then takes as long for an address with an account as for one without (an SMTP round trip
/// would tell them apart), and an SMTP server that is down or slow neither fails nor holds the request. Bounded:
/// past <see cref="Capacity"/> waiting mails a new one is dropped and logged (the per-e-mail and per-address limits
/// keep a flood from getting here). Kept in memory: mail still waiting when the process stops is lost, and the
/// member asks for another code.
/// </summary>
public sealed class OutgoingMail
{
    public const int Capacity = 1000;

    private readonly Channel<QueuedMail> _queue = Channel.CreateBounded<QueuedMail>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    /// <summary>False when the queue is full (the mail is not taken).</summary>
    public bool TryAdd(QueuedMail mail) => _queue.Writer.TryWrite(mail);

    public IAsyncEnumerable<QueuedMail> ReadAllAsync(CancellationToken ct) => _queue.Reader.ReadAllAsync(ct);
}
