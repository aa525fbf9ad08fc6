using Bunit;
using CommandCenter.Components.Evidence;
using CommandCenter.Core.Evidence;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Components.Admin;
using CommandCenter.Tests.Components.Support;

namespace CommandCenter.Tests.Components.Evidence;

public class EvidenceDeletionTests
{
    /// <summary>An incident Maya commands, with one pasted artefact; returns its key and the artefact.</summary>
    private static async Task<(string Key, EvidenceView Item)> CommandedWithEvidenceAsync(AppTestContext app)
    {
        var maya = await app.ActorAsync("maya");
        var key = (await app.Get<IncidentService>().DeclareAsync(
            new DeclareIncident("Evidence deletion check", "s", "SEV3", "toxicity", "support-assistant", TakeCommand: true), maya)).Key;
        var item = await app.Get<EvidenceService>().AddAsync(key, new AddEvidence("output", "Reply with a card number", "ticket 4411",
            "card 4111 1111 1111 1111"), maya);
        return (key, item);
    }

    private static async Task<AdminScreen<EvidencePage>> OpenAsync(AppTestContext app, string key, EvidenceView item)
    {
        var screen = app.RenderWithProviders<EvidencePage>(p => p.Add(x => x.Key, key));
        screen.Page.Eventually(() => Assert.Contains(item.Title, screen.Page.Find("[data-testid=evidence-list]").TextContent));
        await screen.Click(() => screen.PageButton($"Open evidence {item.Id}: {item.Title}"));
        screen.Page.Eventually(() => Assert.NotNull(screen.Page.Find("[data-testid=evidence-detail]")));
        return screen;
    }

    private static bool HasDownloadLink(AdminScreen<EvidencePage> screen) =>
        screen.Page.FindAll("[data-testid=evidence-detail] a").Any(a => a.TextContent.Trim() == "Download");

    [Fact]
    public async Task TheCommanderDeletesTheContentAfterGivingAReasonInTheDialog()
    {
        await using var app = await AppTestContext.StartAsync("maya");
        var (key, item) = await CommandedWithEvidenceAsync(app);
        var screen = await OpenAsync(app, key, item);

        await screen.Click(() => screen.PageButton("Delete content"));
        screen.Dialogs.Eventually(() => Assert.Contains($"Delete the content of evidence #{item.Id}?", screen.Dialogs.Markup));
        await screen.Dialogs.InvokeAsync(() => screen.DialogButton("Delete content").Click());
        screen.Dialogs.Eventually(() => Assert.Contains("A reason is required.", screen.Dialogs.Markup));
        await screen.Dialogs.InvokeAsync(() => screen.DialogField("Reason").Input("a real card number was pasted"));
        await screen.Dialogs.InvokeAsync(() => screen.DialogButton("Delete content").Click());

        screen.Page.Eventually(() =>
        {
            Assert.NotNull(screen.Page.Find("[data-testid=content-removed]"));
            Assert.Contains("deleted by Maya Chen: a real card number was pasted", screen.Page.Find("[data-testid=custody-log]").TextContent);
            Assert.False(screen.Page.HasButton("Delete content"));
            Assert.False(HasDownloadLink(screen));
        });
        Assert.True((await app.Get<EvidenceService>().ListAsync(key)).Single().ContentRemoved);
    }

    [Fact]
    public async Task AResponderWhoIsNotTheCommanderSeesNoDeleteButton()
    {
        await using var app = await AppTestContext.StartAsync("tom");
        var (key, item) = await CommandedWithEvidenceAsync(app);

        var screen = await OpenAsync(app, key, item);

        Assert.True(HasDownloadLink(screen));
        Assert.False(screen.Page.HasButton("Delete content"));
        Assert.Empty(screen.Page.FindAll("[data-testid=delete-refused]"));
    }

    [Fact]
    public async Task UnderLegalHoldTheCommanderIsToldWhyInsteadOfGivenAButton()
    {
        await using var app = await AppTestContext.StartAsync("maya");
        var (key, item) = await CommandedWithEvidenceAsync(app);
        await app.Get<IncidentLegalRecords>().SetLegalHoldAsync(key, true, "regulator inquiry", await app.ActorAsync("maya"));

        var screen = await OpenAsync(app, key, item);

        Assert.False(screen.Page.HasButton("Delete content"));
        Assert.Contains("under legal hold", screen.Page.Find("[data-testid=delete-refused]").TextContent);
    }
}
