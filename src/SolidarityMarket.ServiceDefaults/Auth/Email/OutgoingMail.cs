using System.Diagnostics.CodeAnalysis;
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
/// keep a flood from getting here). Kept in memory: when the process stops, <see cref="MailDelivery"/> still sends
/// what is waiting for a few seconds; mail beyond that is lost (logged), and the member asks for another code.
/// </summary>
public sealed class OutgoingMail
{
    public const int Capacity = 1000;

    private readonly Channel<QueuedMail> _queue = Channel.CreateBounded<QueuedMail>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait }); // two readers: the delivery loop, then its stop

    /// <summary>False when the queue is full (the mail is not taken).</summary>
    public bool TryAdd(QueuedMail mail) => _queue.Writer.TryWrite(mail);

    /// <summary>The next waiting mail, if any, without waiting.</summary>
    public bool TryTake([MaybeNullWhen(false)] out QueuedMail mail) => _queue.Reader.TryRead(out mail);

    /// <summary>Completes when a mail is waiting (or throws when <paramref name="ct"/> is cancelled).</summary>
    public ValueTask<bool> WaitAsync(CancellationToken ct) => _queue.Reader.WaitToReadAsync(ct);
}
