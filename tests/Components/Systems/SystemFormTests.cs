using Bunit;
using CommandCenter.Components.Systems;
using CommandCenter.Core.Systems;
using CommandCenter.Tests.Components.Support;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Tests.Components.Systems;

public class SystemFormTests
{
    private static void FillNewSystem(MudHost<SystemForm> host, string slug)
    {
        var form = host.Page;
        form.Field("Name").Input("Claims triage model");
        form.Field("Slug").Input(slug);
        host.Choose(form, "Kind", "predictive");
        host.Choose(form, "Risk tier", "high");
        form.Field("Owner team").Input("Claims Data Science");
        form.Field("On-call contact").Input("PagerDuty: claims-ds");
        host.Choose(form, "Our role under the EU AI Act", "provider");
        form.Field("Current model version").Input("claims-xgb 5.1");
        form.Field("Depends on (upstream)").Input("kb-retrieval\nClaims intake API");
    }

    [Fact]
    public async Task ABadSlugIsRefusedUnderTheSlugAndEverythingTypedStays()
    {
        await using var app = await AppTestContext.StartAsync();
        var host = MudHost.Render<SystemForm>(app);
        host.Page.WaitForAssertion(() => Assert.True(host.Page.HasButton("Register system")));

        FillNewSystem(host, "Claims Triage");
        host.Page.Find("form").Submit();

        host.Page.WaitForAssertion(() => Assert.StartsWith("A slug is lower-case letters", host.Page.ErrorUnder("Slug")));
        Assert.Null(host.Page.ErrorUnder("Name"));
        Assert.Equal("Claims triage model", host.Page.Field("Name").GetAttribute("value"));
        Assert.Equal("Claims Triage", host.Page.Field("Slug").GetAttribute("value"));
        Assert.Equal("kb-retrieval\nClaims intake API", host.Page.Field("Depends on (upstream)").GetAttribute("value"));
        Assert.Equal("Predictive (scoring, classification)", host.Page.Field("Kind").GetAttribute("value"));
        Assert.NotEmpty(host.Page.FindAll("[data-testid=form-errors]"));
        Assert.DoesNotContain(await app.Get<AiSystemService>().ListAsync(), s => s.Name == "Claims triage model");
        Assert.EndsWith("/", app.Get<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AValidSystemIsRegisteredWithItsDependenciesAndOpens()
    {
        await using var app = await AppTestContext.StartAsync();
        var host = MudHost.Render<SystemForm>(app);
        host.Page.WaitForAssertion(() => Assert.True(host.Page.HasButton("Register system")));

        FillNewSystem(host, "claims-triage");
        host.Page.Find("form").Submit();

        host.Page.WaitForAssertion(() => Assert.EndsWith("/systems/claims-triage", app.Get<NavigationManager>().Uri, StringComparison.Ordinal));
        var saved = await app.Get<AiSystemService>().GetAsync("claims-triage");
        Assert.Equal("Claims Data Science", saved.System.OwnerTeam);
        Assert.Equal(RiskTier.High, saved.System.RiskTier);
        Assert.Contains(saved.Dependencies, d => d.Slug == "kb-retrieval" && d.Direction == DependencyDirection.Upstream);
        Assert.Contains(saved.Dependencies, d => d.Name == "Claims intake API" && d.Slug is null);
    }

    [Fact]
    public async Task EditingLoadsTheSystemAndKeepsTheSlugFixed()
    {
        await using var app = await AppTestContext.StartAsync();

        var form = app.Render<SystemForm>(p => p.Add(f => f.Slug, "refund-agent"));

        form.WaitForAssertion(() => Assert.True(form.HasButton("Save changes")));
        Assert.Equal("Autonomous refund agent", form.Field("Name").GetAttribute("value"));
        Assert.True(form.Field("Slug").HasAttribute("disabled"));
    }
}
