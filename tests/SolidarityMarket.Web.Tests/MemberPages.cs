using Microsoft.Playwright;
using SolidarityMarket.Testing;

namespace SolidarityMarket.Web.Tests;

/// <summary>What the member-page tests do in the browser more than once.</summary>
internal static class MemberPages
{
    /// <summary>Fills the sign-in form the page shows and sends it.</summary>
    public static async Task SignInAsync(IPage page, string email, string password = MarketplaceFactory.Password)
    {
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Opens the sign-in page and signs in.</summary>
    public static async Task GoAndSignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/signin");
        await SignInAsync(page, email);
    }

    /// <summary>A new page of <paramref name="world"/> signed in as <paramref name="email"/> (checked in the header), then at <paramref name="path"/>.</summary>
    public static async Task<IPage> SignedInAtAsync(MarketWorld world, string email, string path)
    {
        var page = await world.NewPageAsync();
        await GoAndSignInAsync(page, email);
        await Assertions.Expect(page.Locator("header.site")).ToContainTextAsync($"Signed in as {email}");
        await page.GotoAsync(path);
        return page;
    }

    /// <summary>Types the amount into the payment form the page shows, sends it, and returns the answer to the POST.</summary>
    public static async Task<IResponse> PayAsync(IPage page, string amount)
    {
        await page.GetByLabel("Amount in credits").FillAsync(amount);
        return await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Pay" }).ClickAsync(), r => r.Request.Method == "POST");
    }

    /// <summary>Puts <paramref name="quantity"/> of a listing into the cart from its page.</summary>
    public static async Task AddToCartAsync(IPage page, Guid listing, string quantity)
    {
        await page.GotoAsync($"/listings/{listing}");
        await page.GetByLabel("Quantity").FillAsync(quantity);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
    }

    /// <summary>The session cookie as the browser holds it (the handler may split a large one into chunks).</summary>
    public static async Task<string> SessionCookieAsync(IPage page) =>
        string.Join("|", (await page.Context.CookiesAsync()).Where(c => c.Name.StartsWith("sm.member", StringComparison.Ordinal))
            .OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => c.Name + "=" + c.Value));
}
