using AngleSharp.Dom;
using Bunit;
using CommandCenter.Components.Communications;
using CommandCenter.Components.Shared;
using CommandCenter.Core.Communications;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Components.Support;

namespace CommandCenter.Tests.Components.Admin;

public class ApprovalsTests
{
    private static readonly string Key = $"INC-{DateTime.UtcNow.Year}-0001";

    /// <summary>Noor becomes the Legal liaison of the demo injection incident; Dana (its Communications Lead) submits a customer update.</summary>
    private static async Task<int> PendingCustomerUpdateAsync(AppTestContext app)
    {
        await app.Get<IncidentRoster>().AssignRoleAsync(Key, "legal-liaison", "Noor Haddad", await app.ActorAsync("maya"));
        var dana = await app.ActorAsync("dana");
        var updates = app.Get<StatusUpdateService>();
        var draft = await updates.DraftAsync(Key, "customers", new StatusUpdateText(
            "Our assistant offered discount codes that are not valid.", "Whether one community article is the only source.",
            "The article is hidden and the codes are voided.", "How many codes were redeemed.", DateTime.UtcNow.AddMinutes(30)), dana);
        await updates.SubmitAsync(Key, draft.Id, dana);
        return draft.Id;
    }

    private static IElement Row(AdminScreen<Approvals> screen) =>
        screen.Page.Find($"[data-testid=approval][data-incident='{Key}']").Closest("tr")!;

    private static async Task<StatusUpdateView> UpdateAsync(AppTestContext app, int id) =>
        (await app.Get<StatusUpdateService>().ListAsync(Key)).Updates.Single(u => u.Id == id);

    [Fact]
    public async Task TheLiaisonSeesThePendingUpdateAndApprovingTakesItOffTheQueue()
    {
        await using var app = await AppTestContext.StartAsync("noor");
        var id = await PendingCustomerUpdateAsync(app);
        var screen = app.RenderWithProviders<Approvals>();
        screen.Page.Eventually(() => Assert.Contains("Our assistant offered discount codes that are not valid.", Row(screen).TextContent));

        await screen.Click(() => AdminScreen<Approvals>.ButtonIn(Row(screen).QuerySelectorAll("button"), "Approve"));

        screen.Page.Eventually(() => Assert.Empty(screen.Page.FindAll("[data-testid=approval]")));
        Assert.NotNull(screen.Page.Find("[data-testid=approvals-empty]"));
        Assert.Equal(StatusUpdateState.Approved, (await UpdateAsync(app, id)).State);
        Assert.Equal("Noor Haddad", (await UpdateAsync(app, id)).ApprovedBy);
        screen.Snackbars.Eventually(() => Assert.Contains($"Approved the customers update on {Key}", AdminScreen.TextOf(screen.Snackbars)));
    }

    [Fact]
    public async Task SendingAnUpdateBackNeedsAReason()
    {
        await using var app = await AppTestContext.StartAsync("noor");
        var id = await PendingCustomerUpdateAsync(app);
        var screen = app.RenderWithProviders<Approvals>();
        screen.Page.Eventually(() => Assert.NotNull(Row(screen)));

        await screen.Click(() => AdminScreen<Approvals>.ButtonIn(Row(screen).QuerySelectorAll("button"), "Reject"));
        screen.Dialogs.Eventually(() => Assert.NotNull(screen.Dialogs.Find("[data-testid=reject-dialog]")));
        await screen.Click(() => screen.DialogButton("Send back"));

        screen.Dialogs.Eventually(() => Assert.Contains("The reason is required.", AdminScreen.TextOf(screen.Dialogs)));
        Assert.Equal(StatusUpdateState.AwaitingApproval, (await UpdateAsync(app, id)).State);
        Assert.NotNull(Row(screen));

        await screen.Type(() => screen.DialogField("Why (the author sees this)"), "Do not promise that every code is voided yet.");
        await screen.Click(() => screen.DialogButton("Send back"));

        screen.Page.Eventually(() => Assert.Empty(screen.Page.FindAll("[data-testid=approval]")));
        Assert.Empty(screen.Dialogs.FindAll("[data-testid=reject-dialog]"));
        var rejected = await UpdateAsync(app, id);
        Assert.Equal(StatusUpdateState.Draft, rejected.State);
        Assert.Equal("Do not promise that every code is voided yet.", rejected.RejectionReason);
    }

    [Fact]
    public async Task LeadershipReadsTheQueueWithNothingToPress()
    {
        await using var app = await AppTestContext.StartAsync("alex");
        await PendingCustomerUpdateAsync(app);

        var screen = app.RenderWithProviders<Approvals>();

        screen.Page.Eventually(() => Assert.Contains("Our assistant offered discount codes", Row(screen).TextContent));
        Assert.Empty(screen.Page.Find("[data-testid=approvals]").QuerySelectorAll("tbody button"));
        Assert.NotNull(screen.Page.Find("[data-testid=approvals-read-only]"));
    }

    [Fact]
    public async Task AResponderWhoIsNotTheLiaisonIsToldWhoApproves()
    {
        await using var app = await AppTestContext.StartAsync("maya");
        await PendingCustomerUpdateAsync(app);

        var screen = app.RenderWithProviders<Approvals>();

        screen.Page.Eventually(() => Assert.Contains("Only Noor Haddad can approve this.", Row(screen).TextContent));
        Assert.Empty(Row(screen).QuerySelectorAll("button"));
    }

    [Fact]
    public async Task TheBadgeCountsAnUpdateSubmittedElsewhereWithoutReload()
    {
        await using var app = await AppTestContext.StartAsync("noor");
        var badge = app.Render<ApprovalsBadge>();
        Assert.Empty(badge.FindAll("[data-testid=approvals-badge]"));

        await PendingCustomerUpdateAsync(app);

        badge.Eventually(() => Assert.Equal("1", badge.Find("[data-testid=approvals-badge]").TextContent.Trim()));
    }
}
