using System.Globalization;
using CommandCenter.Core.Events;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Learning;
using CommandCenter.Core.Systems;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Learning;

/// <summary>The learning metrics for everyone (read-only), filtered by URL query so a link shows the same numbers.</summary>
public partial class MetricsPage
{
    private MetricsReport? _report;
    private IReadOnlyList<AiSystemView> _systems = [];
    private string? _error;
    private object _countsOptions = new();
    private object _timesOptions = new();

    /// <summary>The range shown in the picker: the URL's, or the last 12 months when the URL has none.</summary>
    private string _range = "1y";

    [SupplyParameterFromQuery(Name = "range")] public string? Range { get; set; }
    [SupplyParameterFromQuery(Name = "system")] public string? SystemSlug { get; set; }
    [SupplyParameterFromQuery(Name = "archetype")] public string? Archetype { get; set; }
    [SupplyParameterFromQuery(Name = "severity")] public string? Severity { get; set; }

    [Inject] private TimeProvider Clock { get; set; } = default!;

    private string CsvLink => "/api/metrics?format=csv" + Query(forApi: true);

    protected override async Task OnInitializedAsync() => _systems = await Inventory.ListAsync();

    protected override Task OnParametersSetAsync()
    {
        _range = Range ?? "1y";
        return LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _report = await Metrics.ComputeAsync(Filter());
            BuildCharts(_report);
            _error = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _error = "The metrics could not be computed: " + ex.Message;
        }
    }

    private Task OnIncidentEventAsync(IncidentNotification notification) =>
        notification is ActionItemsChangedNotification or PostmortemChangedNotification
            || notification is IncidentUpdatedNotification updated && !updated.Incident.Status.IsActive()
            ? LoadAsync()
            : Task.CompletedTask;

    private void FiltersChanged()
    {
        var query = Query(forApi: false).TrimStart('&');
        Navigation.NavigateTo(query.Length == 0 ? "/metrics" : "/metrics?" + query, replace: true);
    }

    private MetricFilter Filter()
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        DateTime? from = _range switch
        {
            "90d" => now.AddDays(-90),
            "all" => null,
            _ => now.AddYears(-1),
        };
        return MetricsService.ParseFilter(from, null, SystemSlug, Archetype, Severity);
    }

    /// <summary>"&amp;range=..&amp;system=.." for the page; the API gets the resolved "from" instead of the range name.</summary>
    private string Query(bool forApi)
    {
        var parts = new List<string>();
        if (forApi)
        {
            if (Filter().From is { } from)
            {
                parts.Add("from=" + Uri.EscapeDataString(from.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)));
            }
        }
        else if (_range != "1y")
        {
            parts.Add("range=" + Uri.EscapeDataString(_range));
        }
        foreach (var (name, value) in new[] { ("system", SystemSlug), ("archetype", Archetype), ("severity", Severity) })
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }
        return parts.Count == 0 ? "" : "&" + string.Join("&", parts);
    }

    internal static string Value(MetricValue metric) => metric.Value is not { } v ? "—"
        : metric.Unit switch
        {
            "%" => v.ToString("0.#", CultureInfo.InvariantCulture) + "%",
            "" => v.ToString("0.#", CultureInfo.InvariantCulture),
            _ => v.ToString("0.#", CultureInfo.InvariantCulture) + " " + metric.Unit,
        };

    private static string Sample(MetricValue metric) => metric.Value is null ? "nothing to measure yet" : $"from {metric.Sample} item(s)";

    private string CountsSummary => _report is null ? "" : string.Join("; ", _report.Quarters.Select(q => $"{q.Quarter}: {q.Total} incidents"));

    private string TimesSummary => _report is null ? "" : string.Join("; ", _report.Quarters.Select(q => $"{q.Quarter}: MTTD {q.Mttd?.ToString(CultureInfo.InvariantCulture) ?? "—"} min, MTTC {q.Mttc?.ToString(CultureInfo.InvariantCulture) ?? "—"} min"));

    private void BuildCharts(MetricsReport report)
    {
        var quarters = report.Quarters.Select(q => q.Quarter).ToArray();
        _countsOptions = new
        {
            chart = new { type = "bar", height = 260, stacked = true, toolbar = new { show = false }, animations = new { enabled = false }, fontFamily = "inherit" },
            series = new[]
            {
                new { name = "SEV1", data = report.Quarters.Select(q => q.Sev1).ToArray() },
                new { name = "SEV2", data = report.Quarters.Select(q => q.Sev2).ToArray() },
                new { name = "SEV3", data = report.Quarters.Select(q => q.Sev3).ToArray() },
                new { name = "SEV4", data = report.Quarters.Select(q => q.Sev4).ToArray() },
            },
            xaxis = new { categories = quarters },
            yaxis = new { min = 0, forceNiceScale = true },
            colors = new[] { "#b71c1c", "#c2410c", "#a16207", "#475569" },
            plotOptions = new { bar = new { borderRadius = 2, columnWidth = "55%" } },
            dataLabels = new { enabled = false },
            legend = new { position = "top" },
            grid = new { strokeDashArray = 3 },
        };
        _timesOptions = new
        {
            chart = new { type = "line", height = 260, toolbar = new { show = false }, animations = new { enabled = false }, fontFamily = "inherit" },
            series = new[]
            {
                new { name = "MTTD", data = report.Quarters.Select(q => q.Mttd).ToArray() },
                new { name = "MTTT", data = report.Quarters.Select(q => q.Mttt).ToArray() },
                new { name = "MTTC", data = report.Quarters.Select(q => q.Mttc).ToArray() },
                new { name = "Time to context", data = report.Quarters.Select(q => q.TimeToContext).ToArray() },
            },
            xaxis = new { categories = quarters },
            yaxis = new { min = 0, forceNiceScale = true },
            stroke = new { width = 3, curve = "straight" },
            markers = new { size = 4 },
            legend = new { position = "top" },
            grid = new { strokeDashArray = 3 },
        };
    }
}
