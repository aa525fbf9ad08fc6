using CommandCenter.Core.Audit;
using MudBlazor;

namespace CommandCenter.Components.Audit;

/// <summary>
/// /audit: the audit trail for administrators and Legal liaisons. Search by who, what, incident and time; verify the MAC
/// chain (and every timeline) on demand; export what is shown as CSV or JSON through the API.
/// </summary>
public partial class AuditLog
{
    private static readonly int[] PageSizes = [50, 100, 250];

    private bool? _allowed;
    private IReadOnlyList<AuditEntryView>? _entries;
    private string? _loadError;
    private IntegrityReport? _verification;
    private bool _verifying;
    private string? _who;
    private string? _what;
    private string? _target;
    private DateTime? _from;
    private DateTime? _to;

    protected override async Task OnInitializedAsync()
    {
        _allowed = await Access.MayReadAsync(await User.GetActorAsync());
        if (_allowed == true)
        {
            await SearchAsync();
        }
    }

    private AuditQuery Query() => new(_who, _what, _target, _from?.Date, _to?.Date.AddDays(1).AddTicks(-1), Take: 2_000);

    private async Task SearchAsync()
    {
        var actor = await User.GetActorAsync();
        var (outcome, entries) = await Runner.RunAsync(() => Trail.SearchAsync(Query(), actor));
        _entries = entries ?? [];
        _loadError = outcome.Succeeded ? null : "The audit trail could not be loaded.";
    }

    private async Task VerifyAsync()
    {
        _verifying = true;
        var actor = await User.GetActorAsync();
        var (_, report) = await Runner.RunAsync(() => Integrity.VerifyAsync(actor));
        _verification = report ?? _verification;
        _verifying = false;
    }

    private string ExportLink(string format)
    {
        var q = Query();
        var parts = new List<string> { $"format={format}", $"take={q.Take}" };
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add($"{name}={Uri.EscapeDataString(value.Trim())}");
            }
        }
        Add("who", q.Who);
        Add("what", q.What);
        Add("target", q.Target);
        Add("from", q.From?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Add("to", q.To?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        return "/api/audit?" + string.Join('&', parts);
    }

    private static Color OutcomeColor(string outcome) => outcome switch
    {
        nameof(AuditOutcome.Done) => Color.Success,
        nameof(AuditOutcome.Refused) => Color.Warning,
        _ => Color.Error,
    };
}
