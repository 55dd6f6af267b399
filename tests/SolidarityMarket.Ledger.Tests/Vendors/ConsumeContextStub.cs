using System.Reflection;
using MassTransit;

namespace SolidarityMarket.Ledger.Tests.Vendors;

/// <summary>
/// A delivery for calling a consumer directly, as the bus would, with a clock of the test's choosing: only what
/// <c>InboxConsumer</c> and the ledger's consumers read (the message, its id and the cancellation token) is
/// answered; anything else fails loudly.
/// </summary>
public static class StagedDelivery
{
    public static ConsumeContext<T> Of<T>(T message, Guid messageId)
        where T : class
    {
        var context = DispatchProxy.Create<ConsumeContext<T>, ConsumeContextStub<T>>();
        ((ConsumeContextStub<T>)(object)context).Stage(message, messageId);
        return context;
    }
}

/// <summary>The proxy behind <see cref="StagedDelivery.Of{T}"/> (public and unsealed, as <see cref="DispatchProxy"/> needs).</summary>
public class ConsumeContextStub<T> : DispatchProxy
    where T : class
{
    private T _message = null!;
    private Guid _messageId;

    internal void Stage(T message, Guid messageId)
    {
        _message = message;
        _messageId = messageId;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
    {
        "get_Message" => _message,
        "get_MessageId" => (Guid?)_messageId,
        "get_CancellationToken" => CancellationToken.None,
        var name => throw new NotSupportedException($"The staged delivery does not answer {name}."),
    };
}
