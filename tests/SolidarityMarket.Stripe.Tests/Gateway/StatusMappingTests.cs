using SolidarityMarket.Ordering.Payments;
using SolidarityMarket.Ordering.Payments.Stripe;

namespace SolidarityMarket.Stripe.Tests.Gateway;

public sealed class StatusMappingTests
{
    [Theory]
    [InlineData("requires_payment_method", CardPaymentStatus.RequiresPaymentMethod)]
    [InlineData("requires_confirmation", CardPaymentStatus.RequiresConfirmation)]
    [InlineData("requires_action", CardPaymentStatus.RequiresAction)]
    [InlineData("processing", CardPaymentStatus.Processing)]
    [InlineData("requires_capture", CardPaymentStatus.RequiresCapture)]
    [InlineData("succeeded", CardPaymentStatus.Succeeded)]
    [InlineData("canceled", CardPaymentStatus.Canceled)]
    public void Every_PaymentIntent_status_maps_to_its_own_state(string stripe, CardPaymentStatus expected) =>
        Assert.Equal(expected, StripeMapping.Status(stripe));

    [Fact]
    public void The_statuses_cover_the_whole_enum() =>
        Assert.Equal(7, Enum.GetValues<CardPaymentStatus>().Length);

    [Fact]
    public void An_unknown_status_throws_instead_of_guessing() =>
        Assert.Throws<InvalidOperationException>(() => StripeMapping.Status("requires_reauthorization"));
}
