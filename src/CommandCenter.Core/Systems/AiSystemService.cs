using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Core.Systems;

/// <summary>An inventory entry as typed or posted: raw strings, validated all at once by <see cref="AiSystemService"/>.</summary>
public record SaveAiSystem
{
    public string? Slug { get; init; }
    public string? Name { get; init; }
    public string? Kind { get; init; }
    public string? Purpose { get; init; }
    public string? OwnerTeam { get; init; }
    public string? OnCallContact { get; init; }
    public string? RiskTier { get; init; }
    public string? EuAiActRole { get; init; }
    public IReadOnlyList<string>? DataCategories { get; init; }
    public string? CurrentModelVersion { get; init; }
    public string? PreviousStableModelVersion { get; init; }
    public string? CurrentSystemPromptVersion { get; init; }
    public string? PreviousSystemPromptVersion { get; init; }
    public IReadOnlyList<string>? RetrievalIndexes { get; init; }
    public IReadOnlyList<AgentToolInput>? AgentTools { get; init; }
    public bool HasFallback { get; init; }
    public IReadOnlyList<DependencyInput>? Dependencies { get; init; }
}

public sealed record AgentToolInput(string? Name, string? Permission);

/// <summary>direction: upstream (it depends on this) or downstream; system: an inventory slug, or name: an outside service.</summary>
public sealed record DependencyInput(string? Direction, string? Name, string? System);

/// <summary>The AI system inventory and risk register: list, read, register, update, and the dependency graph around a system.</summary>
public sealed class AiSystemService(
    IDbContextFactory<CommandCenterDbContext> contextFactory,
    WriteGate writeGate,
    IEnumerable<IInventoryListener> listeners,
    TimeProvider clock,
    AccessGuard guard)
{
    public const int PurposeLength = 1000;

    private void InventoryChanged()
    {
        foreach (var listener in listeners)
        {
            listener.InventoryChanged();
        }
    }

    public const int ContactLength = 200;
    public const int VersionLength = 80;
    public const int ListItemLength = 120;
    public const int MaxListItems = 30;

    public async Task<IReadOnlyList<AiSystemView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var systems = await db.AiSystems.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        return systems.Select(s => s.ToView()).ToList();
    }

    public async Task<IReadOnlyList<AiSystemDetail>> ListDetailsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var systems = await db.AiSystems.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        return systems.Select(Detail).ToList();
    }

    public async Task<AiSystemDetail> GetAsync(string slug, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return Detail(await FindAsync(db, slug, cancellationToken));
    }

    public Task<AiSystemDetail> CreateAsync(SaveAiSystem command, Actor actor, CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.ManageSystems, command.Slug, new { command }, async () =>
    {
        var v = new Validator();
        var who = v.RequiredText("actor", actor.Name, Limits.PersonNameLength, "Your name");
        var slug = v.RequiredText("slug", command.Slug, Limits.SlugLength, "Slug")?.ToLowerInvariant();
        if (slug is not null && !IsSlug(slug))
        {
            v.Add("slug", "A slug is lower-case letters, digits and dashes, e.g. support-assistant (monitoring labels use it).");
        }
        var known = await KnownSlugsAsync(cancellationToken);
        if (slug is not null && known.ContainsKey(slug))
        {
            v.Add("slug", AlreadyRegistered(slug));
        }
        var fields = Validate(v, command, known, slug);
        v.ThrowIfInvalid();

        var created = await writeGate.RunAsync(async ct =>
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            // Checked again inside the gate: two registrations of one slug can both pass the check above.
            if (await db.AiSystems.AnyAsync(s => s.Slug == slug, ct))
            {
                throw new ValidationException(new Dictionary<string, string[]> { ["slug"] = [AlreadyRegistered(slug!)] });
            }
            var system = AiSystem.Register(slug!, fields!, who!, clock.GetUtcNow().UtcDateTime);
            db.AiSystems.Add(system);
            await db.SaveChangesAsync(ct);
            return system;
        }, cancellationToken);
        InventoryChanged();
        return Detail(created);
    });

    public Task<AiSystemDetail> UpdateAsync(string slug, SaveAiSystem command, Actor actor, CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.ManageSystems, slug, new { slug, command }, async () =>
    {
        var v = new Validator();
        var who = v.RequiredText("actor", actor.Name, Limits.PersonNameLength, "Your name");
        var known = await KnownSlugsAsync(cancellationToken);
        var normalized = slug.Trim().ToLowerInvariant();
        if (!known.ContainsKey(normalized))
        {
            throw new NotFoundException($"No AI system '{slug}' in the inventory.");
        }
        if (command.Slug is { Length: > 0 } renamed && !string.Equals(renamed.Trim(), normalized, StringComparison.OrdinalIgnoreCase))
        {
            v.Add("slug", "The slug cannot change: incidents, signals and monitoring labels refer to it.");
        }
        var fields = Validate(v, command, known, normalized);
        v.ThrowIfInvalid();

        var updated = await writeGate.RunAsync(async ct =>
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            var system = await FindAsync(db, normalized, ct);
            system.Update(fields!, who!, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
            return system;
        }, cancellationToken);
        InventoryChanged();
        return Detail(updated);
    });

    /// <summary>
    /// What <paramref name="slug"/> depends on and what depends on it: its own edges plus the edges other systems record
    /// towards it (a system listing it downstream is upstream of it, and the reverse).
    /// </summary>
    public async Task<DependencyGraph> GetDependencyGraphAsync(string slug, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var systems = await db.AiSystems.AsNoTracking().ToListAsync(cancellationToken);
        var center = systems.SingleOrDefault(s => s.Slug == slug.Trim().ToLowerInvariant())
            ?? throw new NotFoundException($"No AI system '{slug}' in the inventory.");
        var bySlug = systems.ToDictionary(s => s.Slug);

        DependencyNode Node(SystemDependency edge) => edge.Slug is { } s && bySlug.TryGetValue(s, out var system)
            ? new DependencyNode(system.Name, system.Slug, system.Kind, system.RiskTier)
            : new DependencyNode(edge.Name, null, null, null);
        DependencyNode NodeOf(AiSystem system) => new(system.Name, system.Slug, system.Kind, system.RiskTier);

        var upstream = center.Dependencies.Where(d => d.Direction == DependencyDirection.Upstream).Select(Node)
            .Concat(systems.Where(s => s.Dependencies.Any(d => d.Direction == DependencyDirection.Downstream && d.Slug == center.Slug)).Select(NodeOf));
        var downstream = center.Dependencies.Where(d => d.Direction == DependencyDirection.Downstream).Select(Node)
            .Concat(systems.Where(s => s.Dependencies.Any(d => d.Direction == DependencyDirection.Upstream && d.Slug == center.Slug)).Select(NodeOf));
        return new DependencyGraph(center.ToView(),
            upstream.DistinctBy(n => n.Slug ?? n.Name).ToList(),
            downstream.DistinctBy(n => n.Slug ?? n.Name).ToList());
    }

    private static AiSystemFields? Validate(Validator v, SaveAiSystem command, IReadOnlyDictionary<string, string> knownSlugs, string? self)
    {
        var name = v.RequiredText("name", command.Name, Limits.SystemNameLength, "Name");
        var kind = v.Parsed("kind", command.Kind, Parse<AiSystemKind>, "Kind", Allowed<AiSystemKind>());
        var purpose = v.OptionalText("purpose", command.Purpose, PurposeLength, "Purpose") ?? "";
        var owner = v.RequiredText("ownerTeam", command.OwnerTeam, Limits.PersonNameLength, "Owner team");
        var onCall = v.RequiredText("onCallContact", command.OnCallContact, ContactLength, "On-call contact");
        var risk = v.Parsed("riskTier", command.RiskTier, Parse<RiskTier>, "Risk tier", Allowed<RiskTier>());
        var role = v.Parsed("euAiActRole", command.EuAiActRole, Parse<EuAiActRole>, "EU AI Act role", Allowed<EuAiActRole>());
        var categories = DataCategories.None;
        foreach (var (text, i) in (command.DataCategories ?? []).Select((t, i) => (t, i)))
        {
            if (Parse<DataCategories>(text) is { } category)
            {
                categories |= category;
            }
            else
            {
                v.Add($"dataCategories[{i}]", $"'{text}' is not a data category; use personal-data, special-categories or none.");
            }
        }
        var model = v.RequiredText("currentModelVersion", command.CurrentModelVersion, VersionLength, "Current model version");
        var previousModel = v.OptionalText("previousStableModelVersion", command.PreviousStableModelVersion, VersionLength, "Previous stable model version");
        var prompt = v.OptionalText("currentSystemPromptVersion", command.CurrentSystemPromptVersion, VersionLength, "Current system-prompt version");
        var previousPrompt = v.OptionalText("previousSystemPromptVersion", command.PreviousSystemPromptVersion, VersionLength, "Previous system-prompt version");

        var indexes = Items(v, "retrievalIndexes", command.RetrievalIndexes ?? [], (text, field) => v.RequiredText(field, text, ListItemLength, "Index name"));
        var tools = Items(v, "agentTools", command.AgentTools ?? [], (tool, field) =>
        {
            var toolName = v.RequiredText(field + ".name", tool.Name, ListItemLength, "Tool name");
            var permission = v.RequiredText(field + ".permission", tool.Permission, ListItemLength * 2, "Permission");
            return toolName is null || permission is null ? null : new AgentTool(toolName, permission);
        });
        var dependencies = Items(v, "dependencies", command.Dependencies ?? [], (dependency, field) =>
        {
            var direction = v.Parsed(field + ".direction", dependency.Direction, Parse<DependencyDirection>, "Direction", Allowed<DependencyDirection>());
            var slug = dependency.System?.Trim().ToLowerInvariant();
            if (!string.IsNullOrEmpty(slug))
            {
                if (!knownSlugs.TryGetValue(slug, out var systemName))
                {
                    v.Add(field + ".system", $"No AI system '{slug}' in the inventory.");
                    return null;
                }
                if (slug == self)
                {
                    v.Add(field + ".system", "A system cannot depend on itself.");
                    return null;
                }
                return direction is null ? null : new SystemDependency(direction.Value, systemName, slug);
            }
            var outside = v.RequiredText(field + ".name", dependency.Name, ListItemLength, "Dependency name");
            return direction is null || outside is null ? null : new SystemDependency(direction.Value, outside, null);
        });

        if (!v.IsValid)
        {
            return null;
        }
        return new AiSystemFields(name!, kind!.Value, purpose, owner!, onCall!, risk!.Value, role!.Value, categories, model!, previousModel,
            prompt, previousPrompt, indexes, tools, command.HasFallback, dependencies);
    }

    private static List<TOut> Items<TIn, TOut>(Validator v, string field, IReadOnlyList<TIn> items, Func<TIn, string, TOut?> read)
        where TOut : class
    {
        if (items.Count > MaxListItems)
        {
            v.Add(field, $"At most {MaxListItems} entries.");
            return [];
        }
        var result = new List<TOut>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            // A JSON body can hold null entries ("agentTools": [null]); name them instead of failing on them.
            if (items[i] is null)
            {
                v.Add($"{field}[{i}]", "This entry is empty; fill it in or remove it.");
            }
            else if (read(items[i], $"{field}[{i}]") is { } value)
            {
                result.Add(value);
            }
        }
        return result;
    }

    /// <summary>Slug to name of every registered system.</summary>
    private async Task<Dictionary<string, string>> KnownSlugsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.AiSystems.ToDictionaryAsync(s => s.Slug, s => s.Name, cancellationToken);
    }

    private static async Task<AiSystem> FindAsync(CommandCenterDbContext db, string slug, CancellationToken cancellationToken) =>
        await db.AiSystems.SingleOrDefaultAsync(s => s.Slug == slug.Trim().ToLowerInvariant(), cancellationToken)
        ?? throw new NotFoundException($"No AI system '{slug}' in the inventory.");

    private static AiSystemDetail Detail(AiSystem s) => new(s.ToView(), s.Purpose, s.OnCallContact, s.EuAiActRole, s.DataCategories,
        s.CurrentSystemPromptVersion, s.PreviousSystemPromptVersion, s.RetrievalIndexes, s.AgentTools, s.Dependencies, s.UpdatedAt, s.UpdatedBy);

    private static string AlreadyRegistered(string slug) => $"There is already a system '{slug}'.";

    private static bool IsSlug(string slug) =>
        slug.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && !slug.StartsWith('-') && !slug.EndsWith('-');

    /// <summary>Accepts the enum name or a kebab/spaced form in any case: "special-categories", "Provider".</summary>
    public static T? Parse<T>(string? text) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var compact = new string(text.Where(char.IsLetterOrDigit).ToArray());
        return Enum.GetValues<T>().Where(value => string.Equals(value.ToString(), compact, StringComparison.OrdinalIgnoreCase))
            .Select(value => (T?)value).FirstOrDefault();
    }

    public static string Code<T>(T value) where T : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static string Allowed<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(Code));
}
