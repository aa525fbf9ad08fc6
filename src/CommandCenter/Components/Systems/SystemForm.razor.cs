using CommandCenter.Components.Common;
using CommandCenter.Core.Common;
using CommandCenter.Core.Systems;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CommandCenter.Components.Systems;

public partial class SystemForm
{
    private static readonly (string Code, string Text)[] Kinds =
    [
        ("generative", "Generative (chatbot, RAG, content)"),
        ("agent", "Agent (calls tools, takes actions)"),
        ("predictive", "Predictive (scoring, classification)"),
    ];

    private static readonly (string Code, string Text)[] Roles =
    [
        ("provider", "Provider (we built it)"),
        ("deployer", "Deployer (we use someone else's)"),
    ];

    private readonly SystemFormModel _form = new();
    private ActionOutcome _outcome = ActionOutcome.Done;
    private IReadOnlyList<AiSystemView> _known = [];
    private string? _loadError;
    private bool _saving;
    private bool _loaded;
    private bool _notFound;

    [Parameter] public string? Slug { get; set; }

    private bool IsNew => Slug is null;

    private string DependencyHint => "One per line: an inventory slug (" + string.Join(", ", _known.Take(3).Select(s => s.Slug)) + "…) or an outside service's name";

    private List<BreadcrumbItem> Breadcrumbs =>
        IsNew
            ? [new("AI systems", "/systems"), new("Register", null, disabled: true)]
            : [new("AI systems", "/systems"), new(Slug!, $"/systems/{Slug}"), new("Edit", null, disabled: true)];

    protected override async Task OnParametersSetAsync()
    {
        try
        {
            _known = await Inventory.ListAsync();
            if (Slug is not null)
            {
                _form.Load(await Inventory.GetAsync(Slug));
            }
        }
        catch (NotFoundException)
        {
            _notFound = true;
        }
        catch (Exception ex)
        {
            _loadError = "The inventory could not be loaded: " + ex.Message;
        }
        _loaded = true;
    }

    private static string KindName(string? code) => Kinds.FirstOrDefault(k => k.Code == code).Text ?? "";

    private static string RoleName(string? code) => Roles.FirstOrDefault(r => r.Code == code).Text ?? "";

    private static string TierName(string? code) =>
        Enum.GetValues<RiskTier>().Where(t => AiSystemService.Code(t) == code).Select(t => t.ToString()).FirstOrDefault() ?? "";

    /// <summary>Errors of a field and of its items ("agentTools[1].permission" shows under agent tools).</summary>
    private string? ErrorFor(string field)
    {
        var messages = _outcome.FieldErrors
            .Where(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)
                || e.Key.StartsWith(field + "[", StringComparison.OrdinalIgnoreCase)
                || e.Key.StartsWith(field + ".", StringComparison.OrdinalIgnoreCase))
            .SelectMany(e => e.Value).ToList();
        return messages.Count == 0 ? null : string.Join(" ", messages);
    }

    private bool HasError(string field) => ErrorFor(field) is not null;

    private async Task SaveAsync()
    {
        if (_saving)
        {
            return;
        }
        _saving = true;
        try
        {
            var command = _form.ToCommand(_known.Select(s => s.Slug).ToHashSet());
            var actor = await User.GetActorAsync();
            var (outcome, saved) = await Runner.RunAsync(
                () => IsNew ? Inventory.CreateAsync(command, actor) : Inventory.UpdateAsync(Slug!, command, actor),
                IsNew ? "System registered." : "Changes saved.");
            _outcome = outcome;
            if (saved is not null)
            {
                Navigation.NavigateTo($"/systems/{saved.System.Slug}");
            }
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>The form as typed; lists are one entry per line.</summary>
    private sealed class SystemFormModel
    {
        public string? Slug { get; set; }
        public string? Name { get; set; }
        public string? Purpose { get; set; }
        public string? Kind { get; set; }
        public string? RiskTier { get; set; }
        public string? OwnerTeam { get; set; }
        public string? OnCallContact { get; set; }
        public string? EuAiActRole { get; set; }
        public bool PersonalData { get; set; }
        public bool SpecialCategories { get; set; }
        public string? CurrentModelVersion { get; set; }
        public string? PreviousStableModelVersion { get; set; }
        public string? CurrentSystemPromptVersion { get; set; }
        public string? PreviousSystemPromptVersion { get; set; }
        public bool HasFallback { get; set; }
        public string? RetrievalIndexes { get; set; }
        public string? AgentTools { get; set; }
        public string? Upstream { get; set; }
        public string? Downstream { get; set; }

        public void Load(AiSystemDetail detail)
        {
            var s = detail.System;
            (Slug, Name, Purpose, Kind, RiskTier, OwnerTeam, OnCallContact) =
                (s.Slug, s.Name, detail.Purpose, AiSystemService.Code(s.Kind), AiSystemService.Code(s.RiskTier), s.OwnerTeam, detail.OnCallContact);
            EuAiActRole = AiSystemService.Code(detail.EuAiActRole);
            PersonalData = detail.DataCategories.HasFlag(DataCategories.PersonalData);
            SpecialCategories = detail.DataCategories.HasFlag(DataCategories.SpecialCategories);
            (CurrentModelVersion, PreviousStableModelVersion) = (s.CurrentModelVersion, s.PreviousStableModelVersion);
            (CurrentSystemPromptVersion, PreviousSystemPromptVersion) = (detail.CurrentSystemPromptVersion, detail.PreviousSystemPromptVersion);
            HasFallback = s.HasFallback;
            RetrievalIndexes = string.Join("\n", detail.RetrievalIndexes);
            AgentTools = string.Join("\n", detail.AgentTools.Select(t => $"{t.Name}: {t.Permission}"));
            Upstream = string.Join("\n", detail.Dependencies.Where(d => d.Direction == DependencyDirection.Upstream).Select(d => d.Slug ?? d.Name));
            Downstream = string.Join("\n", detail.Dependencies.Where(d => d.Direction == DependencyDirection.Downstream).Select(d => d.Slug ?? d.Name));
        }

        public SaveAiSystem ToCommand(IReadOnlySet<string> knownSlugs) => new()
        {
            Slug = Slug, Name = Name, Purpose = Purpose, Kind = Kind, RiskTier = RiskTier, OwnerTeam = OwnerTeam, OnCallContact = OnCallContact,
            EuAiActRole = EuAiActRole,
            DataCategories = [.. PersonalData ? ["personal-data"] : Array.Empty<string>(), .. SpecialCategories ? ["special-categories"] : Array.Empty<string>()],
            CurrentModelVersion = CurrentModelVersion, PreviousStableModelVersion = PreviousStableModelVersion,
            CurrentSystemPromptVersion = CurrentSystemPromptVersion, PreviousSystemPromptVersion = PreviousSystemPromptVersion,
            HasFallback = HasFallback,
            RetrievalIndexes = Lines(RetrievalIndexes),
            AgentTools = Lines(AgentTools).Select(line =>
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? new AgentToolInput(line, null) : new AgentToolInput(line[..colon].Trim(), line[(colon + 1)..].Trim());
            }).ToList(),
            Dependencies = [.. Dependencies(Upstream, "upstream", knownSlugs), .. Dependencies(Downstream, "downstream", knownSlugs)],
        };

        private static IEnumerable<DependencyInput> Dependencies(string? text, string direction, IReadOnlySet<string> knownSlugs) =>
            Lines(text).Select(line => knownSlugs.Contains(line.ToLowerInvariant())
                ? new DependencyInput(direction, null, line.ToLowerInvariant())
                : new DependencyInput(direction, line, null));

        private static List<string> Lines(string? text) =>
            (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
    }
}
