using Bunit;
using CommandCenter.Components.Playbooks;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Playbooks;
using CommandCenter.Tests.Components.Support;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Tests.Components.Admin;

public class PlaybookPageTests
{
    private static AdminScreen<PlaybookPage> Open(AppTestContext app, string archetype = "toxicity", int? version = null)
    {
        if (version is not null)
        {
            // The version is a query parameter, as in a shared link.
            app.Get<NavigationManager>().NavigateTo($"/playbooks/{archetype}?version={version}");
        }
        var screen = app.RenderWithProviders<PlaybookPage>(p => p.Add(x => x.ArchetypeCode, archetype));
        screen.Page.Eventually(() => Assert.NotNull(screen.Page.Find("h1 [data-testid=playbook-version]")));
        return screen;
    }

    private static async Task StartEditing(AdminScreen<PlaybookPage> screen)
    {
        await screen.Click(() => screen.PageButton("Edit playbook"));
        screen.Page.Eventually(() => Assert.NotNull(screen.Page.Find("form.playbook-editor")));
    }

    private static AngleSharp.Dom.IElement StepField(AdminScreen<PlaybookPage> screen, int step, string label)
    {
        var row = screen.Page.FindAll("[data-testid=edit-step]")[step];
        var id = row.QuerySelectorAll("label").Single(l => l.TextContent.Trim() == label).GetAttribute("for");
        return row.QuerySelector($"[id='{id}']")!;
    }

    [Fact]
    public async Task AnAdministratorSavesANewVersionWithItsChangeNote()
    {
        await using var app = await AppTestContext.StartAsync("admin");
        var screen = Open(app);
        await StartEditing(screen);

        await screen.Type(() => screen.PageField("Title"), "Toxicity and abuse, revised");
        await screen.Type(() => screen.PageField("Change note"), "Shorter first step after the review of INC-7");
        await screen.Submit(() => screen.Page.Find("form.playbook-editor"));

        screen.Page.Eventually(() => Assert.Equal("v2", screen.Page.Find("h1 [data-testid=playbook-version]").TextContent.Trim()));
        Assert.Contains("Toxicity and abuse, revised", screen.Page.Find("h1").TextContent);
        Assert.Contains("Shorter first step after the review of INC-7", screen.Page.Find("[data-testid=version-history]").TextContent);
        Assert.Empty(screen.Page.FindAll("form.playbook-editor"));
        var saved = await app.Get<PlaybookService>().GetAsync(Archetype.Toxicity);
        Assert.Equal(2, saved.CurrentVersion);
        Assert.Equal("Toxicity and abuse, revised", saved.Content.Title);
        Assert.Equal("Shorter first step after the review of INC-7", saved.ChangeNote);
        Assert.Equal("Ada Admin", saved.EditedBy);
        Assert.Equal([2, 1], saved.History.Select(h => h.Number));
    }

    [Fact]
    public async Task ARefusedSaveKeepsWhatWasTypedAndNamesTheFieldsToFix()
    {
        await using var app = await AppTestContext.StartAsync("admin");
        var screen = Open(app);
        await StartEditing(screen);

        await screen.Type(() => screen.PageField("Title"), "Toxicity and abuse, revised");
        await screen.Type(() => StepField(screen, 0, "What to do"), "");
        await screen.Submit(() => screen.Page.Find("form.playbook-editor"));

        screen.Page.Eventually(() => Assert.Contains("Step text is required.", screen.Page.FindAll("[data-testid=edit-step]")[0].TextContent));
        Assert.Contains("A change note is required.", screen.Page.Find("form.playbook-editor").TextContent);
        Assert.DoesNotContain("Step text is required.", screen.Page.FindAll("[data-testid=edit-step]")[1].TextContent);
        Assert.Equal("Toxicity and abuse, revised", screen.PageField("Title").GetAttribute("value"));
        Assert.NotNull(screen.Page.Find("[data-testid=playbook-failure]"));
        Assert.Equal(1, (await app.Get<PlaybookService>().GetAsync(Archetype.Toxicity)).CurrentVersion);
    }

    [Fact]
    public async Task AFieldErrorMovesWithItsStepWhenTheStepIsMoved()
    {
        await using var app = await AppTestContext.StartAsync("admin");
        var screen = Open(app);
        await StartEditing(screen);
        await screen.Type(() => StepField(screen, 0, "What to do"), "");
        await screen.Submit(() => screen.Page.Find("form.playbook-editor"));
        screen.Page.Eventually(() => Assert.Contains("Step text is required.", screen.Page.FindAll("[data-testid=edit-step]")[0].TextContent));

        await screen.Click(() => AdminScreen<PlaybookPage>.ButtonIn(screen.Page.FindAll("[data-testid=edit-step]")[0].QuerySelectorAll("button"), "Move down"));

        screen.Page.Eventually(() =>
        {
            var steps = screen.Page.FindAll("[data-testid=edit-step]");
            Assert.DoesNotContain("Step text is required.", steps[0].TextContent);
            Assert.Contains("Step text is required.", steps[1].TextContent);
            Assert.Equal("tighten-output-filter", StepField(screen, 1, "Step id").GetAttribute("value"));
        });
    }

    [Fact]
    public async Task AResponderReadsThePlaybookWithoutEditControls()
    {
        await using var app = await AppTestContext.StartAsync("maya");

        var screen = Open(app);

        Assert.NotEmpty(screen.Page.FindAll("[data-testid=playbook-step]"));
        Assert.DoesNotContain(screen.Page.FindAll("button"), b => b.TextContent.Contains("Edit", StringComparison.Ordinal));
        Assert.Empty(screen.Page.FindAll("form.playbook-editor"));
        Assert.Empty(screen.Page.FindAll("input, textarea"));
    }

    [Fact]
    public async Task TheVersionHistoryListsEveryVersionNewestFirstAndLinksToEarlierOnes()
    {
        await using var app = await AppTestContext.StartAsync("maya");
        var playbooks = app.Get<PlaybookService>();
        var current = await playbooks.GetAsync(Archetype.Toxicity);
        await playbooks.SaveVersionAsync(Archetype.Toxicity, current.Content with { Summary = "Tighter wording." }, "Clearer summary",
            await app.ActorAsync("admin"));

        var screen = Open(app, version: 1);

        var versions = screen.Page.FindAll("[data-testid=version]");
        Assert.Equal(["2", "1"], versions.Select(v => v.GetAttribute("data-version")));
        Assert.Contains("Clearer summary", versions[0].TextContent);
        Assert.Contains("Ada Admin", versions[0].TextContent);
        Assert.Contains("(current)", versions[0].TextContent);
        Assert.Equal("/playbooks/toxicity", versions[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Null(versions[1].QuerySelector("a"));
        Assert.Contains("An earlier version (v2 is current)", screen.Page.Find("[data-testid=playbook-edited]").TextContent);
    }

    [Fact]
    public async Task AnUnknownArchetypeSaysSoInsteadOfFailing()
    {
        await using var app = await AppTestContext.StartAsync("maya");

        var page = app.Render<PlaybookPage>(p => p.Add(x => x.ArchetypeCode, "not-a-kind"));

        page.Eventually(() => Assert.Contains("There is no archetype 'not-a-kind'.", page.Find("h1").TextContent));
    }
}
