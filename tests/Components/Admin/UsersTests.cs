using AngleSharp.Dom;
using Bunit;
using CommandCenter.Components.Accounts;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Demo;
using CommandCenter.Tests.Components.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Components.Admin;

public class UsersTests
{
    private static AdminScreen<Users> Open(AppTestContext app)
    {
        var screen = app.RenderWithProviders<Users>();
        screen.Page.Eventually(() => Assert.NotNull(screen.Page.Find("[data-user=tom]")));
        return screen;
    }

    private static IElement Row(AdminScreen<Users> screen, string userName) => screen.Page.Find($"[data-user='{userName}']").Closest("tr")!;

    private static async Task<UserView> AccountAsync(AppTestContext app, string userName) =>
        (await app.Get<AccountService>().ListAsync()).Single(u => u.UserName == userName);

    private static async Task ChooseRole(AdminScreen<Users> screen, string userName, string item)
    {
        await screen.Click(() => Row(screen, userName).QuerySelectorAll("button")
            .Single(b => (b.GetAttribute("aria-label") ?? "").StartsWith("Role of ", StringComparison.Ordinal)));
        screen.Popovers.Eventually(() => Assert.Contains(item, AdminScreen.TextOf(screen.Popovers)));
        await screen.Click(() => AdminScreen<Users>.ClickableIn(screen.Popovers, item));
        screen.Dialogs.Eventually(() => Assert.Contains("Make Tom Okafor an Administrator?", AdminScreen.TextOf(screen.Dialogs)));
    }

    [Fact]
    public async Task ChangingARoleAsksFirstAndCancellingChangesNothing()
    {
        await using var app = await AppTestContext.StartAsync("admin");
        var screen = Open(app);

        await ChooseRole(screen, "tom", "Make Administrator");
        await screen.Click(() => screen.DialogButton("Cancel"));

        screen.Dialogs.Eventually(() => Assert.DoesNotContain("Make Tom Okafor an Administrator?", AdminScreen.TextOf(screen.Dialogs)));
        Assert.Equal(OrgRole.Responder, (await AccountAsync(app, "tom")).Role);
        Assert.Contains("Responder", Row(screen, "tom").TextContent);
        Assert.DoesNotContain("is now", AdminScreen.TextOf(screen.Snackbars));
    }

    [Fact]
    public async Task ChangingARoleAppliesOnceConfirmedAndSaysSo()
    {
        await using var app = await AppTestContext.StartAsync("admin");
        var screen = Open(app);

        await ChooseRole(screen, "tom", "Make Administrator");
        await screen.Click(() => screen.DialogButton("Make Administrator"));

        screen.Snackbars.Eventually(() => Assert.Contains("Tom Okafor is now an Administrator.", AdminScreen.TextOf(screen.Snackbars)));
        Assert.Equal(OrgRole.Administrator, (await AccountAsync(app, "tom")).Role);
        screen.Page.Eventually(() => Assert.Contains("Administrator", Row(screen, "tom").TextContent));
    }

    [Fact]
    public async Task ResettingAPasswordRefusesAShortOneThenSetsOneThatSignsIn()
    {
        await using var app = await AppTestContext.StartAsync("admin");
        var screen = Open(app);

        await screen.Click(() => AdminScreen<Users>.ButtonIn(Row(screen, "tom").QuerySelectorAll("button"), "Reset password"));
        screen.Dialogs.Eventually(() => Assert.Contains("Set a new password for Tom Okafor", AdminScreen.TextOf(screen.Dialogs)));
        await screen.Type(() => screen.DialogField("New password"), "short");
        await screen.Click(() => screen.DialogButton("Set password"));
        screen.Dialogs.Eventually(() => Assert.Contains("Passwords must be at least 10 characters.", AdminScreen.TextOf(screen.Dialogs)));

        await screen.Type(() => screen.DialogField("New password"), "a-brand-new-passphrase");
        await screen.Click(() => screen.DialogButton("Set password"));

        screen.Snackbars.Eventually(() => Assert.Contains("Tom Okafor has a new password.", AdminScreen.TextOf(screen.Snackbars)));
        Assert.Empty(screen.Dialogs.FindAll("[data-testid=reset-password-dialog]"));
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var tom = await users.FindByNameAsync("tom");
        Assert.True(await users.CheckPasswordAsync(tom!, "a-brand-new-passphrase"));
        Assert.False(await users.CheckPasswordAsync(tom!, DemoSeeder.DemoPassword));
    }

    [Fact]
    public async Task CreatingAnAccountWithATakenUserNameNamesTheFieldAndKeepsWhatWasTyped()
    {
        await using var app = await AppTestContext.StartAsync("admin");
        var screen = Open(app);

        await screen.Click(() => screen.PageButton("New account"));
        screen.Dialogs.Eventually(() => Assert.NotNull(screen.Dialogs.Find("[data-testid=create-user-dialog]")));
        await screen.Type(() => screen.DialogField("User name"), "tom");
        await screen.Type(() => screen.DialogField("Display name"), "Tom Two");
        await screen.Type(() => screen.DialogField("First password"), "a-long-enough-passphrase");
        await screen.Click(() => screen.DialogButton("Create account"));

        screen.Dialogs.Eventually(() => Assert.Contains("There is already an account 'tom'.", AdminScreen.TextOf(screen.Dialogs)));
        Assert.Equal("Tom Two", screen.DialogField("Display name").GetAttribute("value"));
        Assert.DoesNotContain(await app.Get<AccountService>().ListAsync(), u => u.DisplayName == "Tom Two");
    }

    [Fact]
    public async Task CreatingAnAccountAddsItToTheList()
    {
        await using var app = await AppTestContext.StartAsync("admin");
        var screen = Open(app);

        await screen.Click(() => screen.PageButton("New account"));
        screen.Dialogs.Eventually(() => Assert.NotNull(screen.Dialogs.Find("[data-testid=create-user-dialog]")));
        await screen.Type(() => screen.DialogField("User name"), "new.responder");
        await screen.Type(() => screen.DialogField("Display name"), "New Responder");
        await screen.Type(() => screen.DialogField("First password"), "a-long-enough-passphrase");
        await screen.Click(() => screen.DialogButton("Create account"));

        screen.Page.Eventually(() => Assert.Contains("New Responder", Row(screen, "new.responder").TextContent));
        Assert.Empty(screen.Dialogs.FindAll("[data-testid=create-user-dialog]"));
        Assert.Equal(OrgRole.Responder, (await AccountAsync(app, "new.responder")).Role);
    }

    [Fact]
    public async Task LockingAnAccountAsksFirst()
    {
        await using var app = await AppTestContext.StartAsync("admin");
        var screen = Open(app);

        await screen.Click(() => AdminScreen<Users>.ButtonIn(Row(screen, "tom").QuerySelectorAll("button"), "Lock"));
        screen.Dialogs.Eventually(() => Assert.Contains("Lock Tom Okafor's account?", AdminScreen.TextOf(screen.Dialogs)));
        await screen.Click(() => screen.DialogButton("Cancel"));
        screen.Dialogs.Eventually(() => Assert.DoesNotContain("Lock Tom Okafor", AdminScreen.TextOf(screen.Dialogs)));
        Assert.False((await AccountAsync(app, "tom")).LockedOut);

        await screen.Click(() => AdminScreen<Users>.ButtonIn(Row(screen, "tom").QuerySelectorAll("button"), "Lock"));
        screen.Dialogs.Eventually(() => Assert.Contains("Lock Tom Okafor's account?", AdminScreen.TextOf(screen.Dialogs)));
        await screen.Click(() => screen.DialogButton("Lock account"));

        screen.Snackbars.Eventually(() => Assert.Contains("Tom Okafor's account is locked.", AdminScreen.TextOf(screen.Snackbars)));
        Assert.True((await AccountAsync(app, "tom")).LockedOut);
        screen.Page.Eventually(() => Assert.Contains("Locked", Row(screen, "tom").QuerySelector("[data-testid=user-state]")!.TextContent));
    }

    [Fact]
    public async Task AResponderGetsTheNotAvailableView()
    {
        await using var app = await AppTestContext.StartAsync("maya");

        var page = app.Render<Users>();

        page.Eventually(() => Assert.Contains("Not available to your role", page.Find("[data-testid=not-allowed]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=users]"));
        Assert.DoesNotContain("Tom Okafor", page.Markup);
    }
}
