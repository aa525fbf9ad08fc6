using System.Globalization;
using CommandCenter.Core.Learning;

namespace CommandCenter.Components.Learning;

/// <summary>The editable copy of a postmortem on the page: what the person types until they save.</summary>
public sealed class PostmortemForm
{
    public string Summary { get; set; } = "";
    public HashSet<int> KeyMoments { get; } = [];
    public string Impact { get; set; } = "";
    public string DetectionReview { get; set; } = "";
    public string ResponseReview { get; set; } = "";
    public string RootCause { get; set; } = "";
    public string PreventionPlan { get; set; } = "";

    /// <summary>One row per factor of the fixed list; checked ones are sent.</summary>
    public List<FactorRow> Factors { get; } = ContributingFactors.All.Select(f => new FactorRow(f)).ToList();

    public static PostmortemForm From(PostmortemContent content)
    {
        var form = new PostmortemForm
        {
            Summary = content.Summary,
            Impact = content.Impact,
            DetectionReview = content.DetectionReview,
            ResponseReview = content.ResponseReview,
            RootCause = content.RootCause,
            PreventionPlan = content.PreventionPlan,
        };
        form.KeyMoments.UnionWith(content.KeyMoments);
        foreach (var factor in content.Factors)
        {
            var row = form.Factors.Single(r => r.Factor == factor.Factor);
            row.Checked = true;
            row.Note = factor.Note;
            row.Evidence = string.Join(", ", factor.Evidence.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        }
        return form;
    }

    public PostmortemEdit ToEdit() => new(Summary, KeyMoments.Order().ToList(), Impact, DetectionReview, ResponseReview, RootCause,
        Factors.Where(f => f.Checked).Select(f => new FactorEdit(f.Factor.Code(), f.Note, f.EvidenceSequences())).ToList(), PreventionPlan);

    public void Toggle(int sequence)
    {
        if (!KeyMoments.Remove(sequence))
        {
            KeyMoments.Add(sequence);
        }
    }

    public sealed class FactorRow(ContributingFactor factor)
    {
        public ContributingFactor Factor { get; } = factor;
        public bool Checked { get; set; }
        public string Note { get; set; } = "";

        /// <summary>Timeline entry numbers, e.g. "3, 7" or "#3 #7".</summary>
        public string Evidence { get; set; } = "";

        public IReadOnlyList<int> EvidenceSequences() => Evidence.Split([',', ' ', '#', ';'], StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToList();
    }
}
