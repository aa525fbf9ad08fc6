using AngleSharp.Dom;
using Bunit;
using CommandCenter.Components.Settings;
using CommandCenter.Core.Integrations;
using CommandCenter.Tests.Components.Support;

namespace CommandCenter.Tests.Components.Admin;

public class ApiKeysTests
{
    private static IElement Row(IRenderedComponent<ApiKeys> page, string name) =>
        page.FindAll("[data-testid=key-row]").Single(r => r.TextContent.Trim() == name).Closest("tr")!;

    [Fact]
    public async Task ANewKeyIsShownOnceAndOnlyItsPrefixIsListed()
    {
        await using var app = await AppTestContext.StartAsync("admin");
        var screen = app.RenderWithProviders<ApiKeys>();
        screen.Page.Eventually(() => Assert.NotNull(screen.Page.Find("[data-testid=api-keys]")));

        await screen.Type(() => screen.PageField("Name"), "Alertmanager production");
        await screen.Type(() => screen.PageField("Source name"), "alertmanager");
        await screen.Submit(() => screen.Page.Find("form.fields"));

        screen.Page.Eventually(() => Assert.StartsWith("cck_", screen.Page.Find("input[data-testid=secret]").GetAttribute("value")));
        var secret = screen.Page.Find("input[data-testid=secret]").GetAttribute("value")!;
        var key = Assert.Single(await app.Get<ApiKeyService>().ListAsync());
        Assert.Equal("alertmanager", key.Source);
        Assert.StartsWith(key.Prefix, secret, StringComparison.Ordinal);
        Assert.Contains(key.Prefix, Row(screen.Page, "Alertmanager production").TextContent);

        var later = app.Context.Render<ApiKeys>();
        later.Eventually(() => Assert.NotNull(Row(later, "Alertmanager production")));
        Assert.Empty(later.FindAll("[data-testid=new-secret]"));
        Assert.DoesNotContain(secret, later.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokingAKeyAsksFirst()
    {
        await using var app = await AppTestContext.StartAsync("admin");
        var keys = app.Get<ApiKeyService>();
        await keys.CreateAsync(new CreateApiKey("Deploy pipeline", "deploys", null), await app.ActorAsync("admin"));
        var screen = app.RenderWithProviders<ApiKeys>();
        screen.Page.Eventually(() => Assert.NotNull(Row(screen.Page, "Deploy pipeline")));

        await screen.Click(() => AdminScreen<ApiKeys>.ButtonIn(Row(screen.Page, "Deploy pipeline").QuerySelectorAll("button"), "Revoke"));
        screen.Dialogs.Eventually(() => Assert.Contains("Revoke “Deploy pipeline”?", AdminScreen.TextOf(screen.Dialogs)));
        await screen.Click(() => screen.DialogButton("Keep it"));
        screen.Dialogs.Eventually(() => Assert.DoesNotContain("Revoke “Deploy pipeline”?", AdminScreen.TextOf(screen.Dialogs)));
        Assert.True(Assert.Single(await keys.ListAsync()).IsActive);

        await screen.Click(() => AdminScreen<ApiKeys>.ButtonIn(Row(screen.Page, "Deploy pipeline").QuerySelectorAll("button"), "Revoke"));
        screen.Dialogs.Eventually(() => Assert.Contains("Revoke “Deploy pipeline”?", AdminScreen.TextOf(screen.Dialogs)));
        await screen.Click(() => screen.DialogButton("Revoke key"));

        screen.Page.Eventually(() => Assert.Contains("Revoked", Row(screen.Page, "Deploy pipeline").TextContent));
        var revoked = Assert.Single(await keys.ListAsync());
        Assert.False(revoked.IsActive);
        Assert.Equal("Ada Admin", revoked.RevokedBy);
    }

    [Fact]
    public async Task AResponderGetsTheNotAvailableView()
    {
        await using var app = await AppTestContext.StartAsync("maya");

        var page = app.Render<ApiKeys>();

        page.Eventually(() => Assert.Contains("Not available to your role", page.Find("[data-testid=not-allowed]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=api-keys]"));
        Assert.Empty(page.FindAll("input"));
    }
}
