using CommandCenter.Core.Common;
using CommandCenter.Core.Systems;
using CommandCenter.Tests.Unit.Support;

namespace CommandCenter.Tests.Unit;

/// <summary>The inventory and risk register: validation of every field, full-replace updates and the dependency graph.</summary>
public sealed class AiSystemServiceTests : IAsyncLifetime
{
    private const string Ana = "Ana Diaz";
    private readonly TempDatabaseFolder _folder = new();
    private TestHost _host = null!;

    private AiSystemService Service => _host.Systems;

    // Only "support-assistant" exists to begin with (added by TestHost with the legacy constructor).
    public async Task InitializeAsync() => _host = await TestHost.StartAsync(_folder.PathOf());

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    private static SaveAiSystem Valid(string slug = "claims-triage", params DependencyInput[] dependencies) => new()
    {
        Slug = slug,
        Name = "Claims triage model",
        Kind = "predictive",
        Purpose = "Routes insurance claims to fast-track or manual review.",
        OwnerTeam = "Claims Data Science",
        OnCallContact = "PagerDuty: claims-ds",
        RiskTier = "high",
        EuAiActRole = "provider",
        DataCategories = ["personal-data"],
        CurrentModelVersion = "claims-xgb 5.1",
        PreviousStableModelVersion = "claims-xgb 5.0",
        CurrentSystemPromptVersion = null,
        PreviousSystemPromptVersion = null,
        RetrievalIndexes = [],
        AgentTools = [],
        HasFallback = true,
        Dependencies = dependencies,
    };

    private static DependencyInput Upstream(string system) => new("upstream", null, system);

    private static DependencyInput Downstream(string system) => new("downstream", null, system);

    private static DependencyInput Outside(string direction, string name) => new(direction, name, null);

    [Fact]
    public async Task CreateNamesEveryBadFieldAtOnceAndStoresNothing()
    {
        var tooLong = new string('v', AiSystemService.VersionLength + 1);
        var command = new SaveAiSystem
        {
            Slug = "Claims Triage!",
            Name = " ",
            Kind = "robot",
            Purpose = new string('p', AiSystemService.PurposeLength + 1),
            OwnerTeam = null,
            OnCallContact = "",
            RiskTier = "extreme",
            EuAiActRole = "importer",
            DataCategories = ["personal-data", "biometrics"],
            CurrentModelVersion = null,
            PreviousStableModelVersion = tooLong,
            CurrentSystemPromptVersion = tooLong,
            PreviousSystemPromptVersion = tooLong,
            RetrievalIndexes = ["kb-articles", "  "],
            AgentTools = [new("issue_refund", "write: up to 200 EUR"), new(null, "read"), new("lookup_order", "")],
            Dependencies = [new("sideways", "Payments API", null), new("upstream", null, "no-such-system"), new("downstream", " ", null)],
        };

        var ex = await Assert.ThrowsAsync<ValidationException>(() => Service.CreateAsync(command, TestActors.As(" ")));

        Assert.Equal(
            [
                "actor", "agentTools[1].name", "agentTools[2].permission", "currentModelVersion", "currentSystemPromptVersion",
                "dataCategories[1]", "dependencies[0].direction", "dependencies[1].system", "dependencies[2].name", "euAiActRole",
                "kind", "name", "onCallContact", "ownerTeam", "previousStableModelVersion", "previousSystemPromptVersion", "purpose",
                "retrievalIndexes[1]", "riskTier", "slug",
            ],
            ex.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("lower-case letters, digits and dashes", Assert.Single(ex.Errors["slug"]));
        Assert.Contains("'robot' is not a known kind", Assert.Single(ex.Errors["kind"]));
        Assert.Contains("generative, agent, predictive", ex.Errors["kind"][0]);
        Assert.Contains("'extreme' is not a known risk tier", Assert.Single(ex.Errors["riskTier"]));
        Assert.Contains("deployer, provider", Assert.Single(ex.Errors["euAiActRole"]));
        Assert.Contains("'biometrics' is not a data category", Assert.Single(ex.Errors["dataCategories[1]"]));
        Assert.Contains("No AI system 'no-such-system'", Assert.Single(ex.Errors["dependencies[1].system"]));
        Assert.Equal($"Purpose must be at most {AiSystemService.PurposeLength} characters (it has {AiSystemService.PurposeLength + 1}).",
            Assert.Single(ex.Errors["purpose"]));
        Assert.Equal(1, _host.Scalar("SELECT COUNT(*) FROM AiSystems"));
    }

    [Fact]
    public async Task CreateRejectsADuplicateSlugWhateverItsCase()
    {
        var ex = await Assert.ThrowsAsync<ValidationException>(() => Service.CreateAsync(Valid(" Support-Assistant "), TestActors.As(Ana)));

        Assert.Equal(["slug"], ex.Errors.Keys);
        Assert.Contains("already a system 'support-assistant'", ex.Errors["slug"][0]);
        Assert.Equal(1, _host.Scalar("SELECT COUNT(*) FROM AiSystems"));
    }

    [Fact]
    public async Task ConcurrentRegistrationsOfOneSlugStoreOneAndNameTheSlugForTheRest()
    {
        var attempts = Enumerable.Range(0, 8).Select(_ => Task.Run(() => Service.CreateAsync(Valid("claims-triage"), TestActors.As(Ana)))).ToList();

        var outcomes = await Task.WhenAll(attempts.Select(async attempt =>
        {
            try
            {
                await attempt;
                return "created";
            }
            catch (ValidationException ex) when (ex.Errors.Keys.SequenceEqual(["slug"]))
            {
                return "slug";
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o == "created"));
        Assert.Equal(7, outcomes.Count(o => o == "slug"));
        Assert.Equal(1, _host.Scalar("SELECT COUNT(*) FROM AiSystems WHERE Slug = 'claims-triage'"));
    }

    [Fact]
    public async Task CreateRejectsTooManyListEntriesAsOneErrorOnTheList()
    {
        var indexes = Enumerable.Range(0, AiSystemService.MaxListItems + 1).Select(i => $"index-{i}").ToList();

        var ex = await Assert.ThrowsAsync<ValidationException>(() => Service.CreateAsync(Valid() with { RetrievalIndexes = indexes }, TestActors.As(Ana)));

        Assert.Equal(["retrievalIndexes"], ex.Errors.Keys);
        Assert.Contains($"At most {AiSystemService.MaxListItems}", ex.Errors["retrievalIndexes"][0]);
    }

    [Fact]
    public async Task CreateNamesANullListEntryInsteadOfFailing()
    {
        var command = Valid() with
        {
            RetrievalIndexes = [null!],
            AgentTools = [new("issue_refund", "write"), null!],
            Dependencies = [Upstream("support-assistant"), null!],
        };

        var ex = await Assert.ThrowsAsync<ValidationException>(() => Service.CreateAsync(command, TestActors.As(Ana)));

        Assert.Equal(["agentTools[1]", "dependencies[1]", "retrievalIndexes[0]"], ex.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CreateRejectsASystemThatDependsOnItselfOnlyOnceItExists()
    {
        var self = await Assert.ThrowsAsync<ValidationException>(() => Service.CreateAsync(Valid("claims-triage", Upstream("claims-triage")), TestActors.As(Ana)));
        await Service.CreateAsync(Valid("claims-triage"), TestActors.As(Ana));
        var update = await Assert.ThrowsAsync<ValidationException>(() =>
            Service.UpdateAsync("claims-triage", Valid("claims-triage", Downstream("claims-triage")), TestActors.As(Ana)));

        // Before it is registered the slug is simply unknown; afterwards it is refused as a self-edge.
        Assert.Contains("No AI system 'claims-triage'", Assert.Single(self.Errors["dependencies[0].system"]));
        Assert.Equal("A system cannot depend on itself.", Assert.Single(update.Errors["dependencies[0].system"]));
    }

    [Fact]
    public async Task CreateTrimsNormalisesAndStoresEveryField()
    {
        var command = Valid(" Claims-Triage ", Upstream(" SUPPORT-ASSISTANT "), Outside("Downstream", " Claims payout service ")) with
        {
            Name = "  Claims triage model ",
            Kind = "Agent",
            EuAiActRole = "Deployer",
            RiskTier = "critical",
            DataCategories = ["personal-data", "Special Categories", "none"],
            CurrentSystemPromptVersion = " triage-prompt v7 ",
            PreviousSystemPromptVersion = "triage-prompt v6",
            RetrievalIndexes = [" policy-wordings ", "claims-history"],
            AgentTools = [new(" request_documents ", " write: emails to the claimant ")],
            HasFallback = false,
        };
        _host.Clock.Advance(TimeSpan.FromMinutes(5));

        await Service.CreateAsync(command, TestActors.As("  Ana Diaz "));
        var stored = await Service.GetAsync("CLAIMS-TRIAGE");

        Assert.Equal(("claims-triage", "Claims triage model", AiSystemKind.Agent, RiskTier.Critical, false),
            (stored.System.Slug, stored.System.Name, stored.System.Kind, stored.System.RiskTier, stored.System.HasFallback));
        Assert.Equal(EuAiActRole.Deployer, stored.EuAiActRole);
        Assert.Equal(DataCategories.PersonalData | DataCategories.SpecialCategories, stored.DataCategories);
        Assert.Equal(("triage-prompt v7", "triage-prompt v6"), (stored.CurrentSystemPromptVersion, stored.PreviousSystemPromptVersion));
        Assert.Equal(["policy-wordings", "claims-history"], stored.RetrievalIndexes);
        Assert.Equal([new AgentTool("request_documents", "write: emails to the claimant")], stored.AgentTools);
        Assert.Equal(
            [
                new SystemDependency(DependencyDirection.Upstream, "Support assistant", "support-assistant"),
                new SystemDependency(DependencyDirection.Downstream, "Claims payout service", null),
            ],
            stored.Dependencies);
        Assert.Equal((Ana, ManualClock.DefaultStart.AddMinutes(5).UtcDateTime), (stored.UpdatedBy, stored.UpdatedAt));
    }

    [Fact]
    public async Task NoDataCategoriesMeansNone()
    {
        await Service.CreateAsync(Valid() with { DataCategories = [] }, TestActors.As(Ana));

        Assert.Equal(DataCategories.None, (await Service.GetAsync("claims-triage")).DataCategories);
    }

    [Fact]
    public async Task UpdateReplacesEveryEditableFieldAndKeepsTheSlug()
    {
        await Service.CreateAsync(Valid("claims-triage", Upstream("support-assistant")) with
        {
            CurrentSystemPromptVersion = "p2",
            PreviousSystemPromptVersion = "p1",
            RetrievalIndexes = ["policy-wordings"],
            AgentTools = [new("request_documents", "write")],
        }, TestActors.As(Ana));
        _host.Clock.Advance(TimeSpan.FromHours(1));

        // PUT semantics: what is left out is cleared, not kept.
        var updated = await Service.UpdateAsync("claims-triage", new SaveAiSystem
        {
            Name = "Claims router",
            Kind = "generative",
            OwnerTeam = "Claims Platform",
            OnCallContact = "#claims-oncall",
            RiskTier = "limited",
            EuAiActRole = "deployer",
            CurrentModelVersion = "claims-llm 1.0",
            HasFallback = false,
        }, TestActors.As("Ben Okafor"));

        Assert.Equal(("claims-triage", "Claims router", AiSystemKind.Generative, RiskTier.Limited),
            (updated.System.Slug, updated.System.Name, updated.System.Kind, updated.System.RiskTier));
        Assert.Equal(("", "Claims Platform", "#claims-oncall"), (updated.Purpose, updated.System.OwnerTeam, updated.OnCallContact));
        Assert.Equal(("claims-llm 1.0", null), (updated.System.CurrentModelVersion, updated.System.PreviousStableModelVersion));
        Assert.Equal((null, null), (updated.CurrentSystemPromptVersion, updated.PreviousSystemPromptVersion));
        Assert.Equal((EuAiActRole.Deployer, DataCategories.None), (updated.EuAiActRole, updated.DataCategories));
        Assert.Empty(updated.RetrievalIndexes);
        Assert.Empty(updated.AgentTools);
        Assert.Empty(updated.Dependencies);
        Assert.Equal(("Ben Okafor", ManualClock.DefaultStart.AddHours(1).UtcDateTime), (updated.UpdatedBy, updated.UpdatedAt));
        Assert.Equal(updated, await Service.GetAsync("claims-triage"), new DetailComparer());
        Assert.Equal(2, _host.Scalar("SELECT COUNT(*) FROM AiSystems"));
    }

    [Fact]
    public async Task UpdateRefusesARenameAndLeavesTheEntryAlone()
    {
        await Service.CreateAsync(Valid(), TestActors.As(Ana));

        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            Service.UpdateAsync("claims-triage", Valid("claims-router") with { Name = "Renamed" }, TestActors.As(Ana)));

        Assert.Equal(["slug"], ex.Errors.Keys);
        Assert.Equal("Claims triage model", (await Service.GetAsync("claims-triage")).System.Name);
        await Service.UpdateAsync("claims-triage", Valid("CLAIMS-TRIAGE") with { Name = "Same slug, other case" }, TestActors.As(Ana));
        Assert.Equal("Same slug, other case", (await Service.GetAsync("claims-triage")).System.Name);
    }

    [Fact]
    public async Task UpdateValidatesLikeCreate()
    {
        await Service.CreateAsync(Valid(), TestActors.As(Ana));

        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            Service.UpdateAsync("claims-triage", Valid("claims-triage", Outside("upstream", "")) with { RiskTier = null, OnCallContact = " " }, TestActors.As("")));

        Assert.Equal(["actor", "dependencies[0].name", "onCallContact", "riskTier"], ex.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(RiskTier.High, (await Service.GetAsync("claims-triage")).System.RiskTier);
    }

    [Fact]
    public async Task AnUnknownSlugIsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Service.GetAsync("no-such-system"));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.UpdateAsync("no-such-system", Valid("no-such-system"), TestActors.As(Ana)));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.GetDependencyGraphAsync("no-such-system"));
    }

    [Fact]
    public async Task ListIsOrderedByNameAndIncludesNewSystems()
    {
        await Service.CreateAsync(Valid("claims-triage") with { Name = "Claims triage model" }, TestActors.As(Ana));
        await Service.CreateAsync(Valid("zz-first") with { Name = "A document summariser" }, TestActors.As(Ana));

        Assert.Equal(["zz-first", "claims-triage", "support-assistant"], (await Service.ListAsync()).Select(s => s.Slug));
        Assert.Equal(["zz-first", "claims-triage", "support-assistant"], (await Service.ListDetailsAsync()).Select(s => s.System.Slug));
    }

    [Fact]
    public async Task TheGraphHoldsOwnEdgesAndTheEdgesOtherSystemsRecordInBothDirections()
    {
        // retrieval <- assistant (assistant records "upstream retrieval")
        // assistant -> refunds   (assistant records "downstream refunds")
        // moderation -> assistant (moderation records "downstream assistant", the assistant says nothing)
        // assistant <- summariser (summariser records "upstream assistant", the assistant says nothing)
        await Service.CreateAsync(Valid("kb-retrieval") with { Name = "Knowledge-base retrieval", Kind = "predictive", RiskTier = "limited" }, TestActors.As(Ana));
        await Service.CreateAsync(Valid("refund-agent") with { Name = "Refund agent", Kind = "agent", RiskTier = "high" }, TestActors.As(Ana));
        await Service.UpdateAsync("support-assistant", Valid("support-assistant",
            Upstream("kb-retrieval"), Outside("upstream", "Order history API"), Downstream("refund-agent")) with { Name = "Support assistant" }, TestActors.As(Ana));
        await Service.CreateAsync(Valid("content-moderation", Downstream("support-assistant")) with { Name = "Moderation", RiskTier = "minimal" }, TestActors.As(Ana));
        await Service.CreateAsync(Valid("doc-summariser", Upstream("support-assistant"), Outside("downstream", "CRM notes")) with
        {
            Name = "Summariser",
            Kind = "generative",
        }, TestActors.As(Ana));

        var assistant = await Service.GetDependencyGraphAsync("support-assistant");
        var summariser = await Service.GetDependencyGraphAsync("doc-summariser");
        var retrieval = await Service.GetDependencyGraphAsync("kb-retrieval");

        Assert.Equal("support-assistant", assistant.Center.Slug);
        Assert.Equal(
            [
                new DependencyNode("Knowledge-base retrieval", "kb-retrieval", AiSystemKind.Predictive, RiskTier.Limited),
                new DependencyNode("Order history API", null, null, null),
                new DependencyNode("Moderation", "content-moderation", AiSystemKind.Predictive, RiskTier.Minimal),
            ],
            assistant.Upstream);
        Assert.Equal(
            [
                new DependencyNode("Refund agent", "refund-agent", AiSystemKind.Agent, RiskTier.High),
                new DependencyNode("Summariser", "doc-summariser", AiSystemKind.Generative, RiskTier.High),
            ],
            assistant.Downstream);
        Assert.Equal(["support-assistant"], summariser.Upstream.Select(n => n.Slug));
        Assert.Equal([new DependencyNode("CRM notes", null, null, null)], summariser.Downstream);
        Assert.Empty(retrieval.Upstream);
        Assert.Equal(["support-assistant"], retrieval.Downstream.Select(n => n.Slug));
    }

    [Fact]
    public async Task AnEdgeRecordedOnBothSidesAppearsOnceWithTheTargetsCurrentName()
    {
        await Service.CreateAsync(Valid("kb-retrieval", Downstream("support-assistant")) with { Name = "Retrieval" }, TestActors.As(Ana));
        await Service.UpdateAsync("support-assistant", Valid("support-assistant", Upstream("kb-retrieval")) with { Name = "Support assistant" }, TestActors.As(Ana));
        await Service.UpdateAsync("kb-retrieval", Valid("kb-retrieval", Downstream("support-assistant")) with
        {
            Name = "Knowledge-base retrieval v2",
            RiskTier = "critical",
        }, TestActors.As(Ana));

        var graph = await Service.GetDependencyGraphAsync("support-assistant");

        Assert.Equal([new DependencyNode("Knowledge-base retrieval v2", "kb-retrieval", AiSystemKind.Predictive, RiskTier.Critical)], graph.Upstream);
        Assert.Empty(graph.Downstream);
        Assert.Equal(["support-assistant"], (await Service.GetDependencyGraphAsync("kb-retrieval")).Downstream.Select(n => n.Slug));
    }

    /// <summary>Details hold lists, so records compare them by reference; this compares them by content.</summary>
    private sealed class DetailComparer : IEqualityComparer<AiSystemDetail>
    {
        public bool Equals(AiSystemDetail? x, AiSystemDetail? y) =>
            x is not null && y is not null
            && WithoutLists(x) == WithoutLists(y)
            && x.RetrievalIndexes.SequenceEqual(y.RetrievalIndexes)
            && x.AgentTools.SequenceEqual(y.AgentTools)
            && x.Dependencies.SequenceEqual(y.Dependencies);

        public int GetHashCode(AiSystemDetail obj) => obj.System.GetHashCode();

        private static AiSystemDetail WithoutLists(AiSystemDetail detail) =>
            detail with { RetrievalIndexes = NoText, AgentTools = NoTools, Dependencies = NoEdges };

        private static readonly string[] NoText = [];
        private static readonly AgentTool[] NoTools = [];
        private static readonly SystemDependency[] NoEdges = [];
    }
}
