using System.Globalization;
using CommandCenter.Core.Systems;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Shared;

public partial class DependencyGraphView
{
    [Parameter, EditorRequired] public DependencyGraph Graph { get; set; } = null!;

    private GraphLayout _wide = GraphLayout.Empty;
    private GraphLayout _stacked = GraphLayout.Empty;

    private string Description =>
        $"{Graph.Center.Name} depends on {Names(Graph.Upstream)}; {Names(Graph.Downstream)} depend on it.";

    protected override void OnParametersSet()
    {
        _wide = GraphLayout.Columns(Graph);
        _stacked = GraphLayout.Stacked(Graph);
    }

    private static string Names(IReadOnlyList<DependencyNode> nodes) =>
        nodes.Count == 0 ? "nothing recorded" : string.Join(", ", nodes.Select(n => n.Name));

    private static string Num(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>One box of the drawn graph, with its label already broken into lines that fit the box.</summary>
internal sealed record GraphNode(string Name, IReadOnlyList<string> Lines, double X, double Y, double Width, double Height, bool External, bool Center);

internal sealed record GraphEdge(double X1, double Y1, double X2, double Y2);

/// <summary>
/// Where the boxes of a dependency graph go. Boxes are measured from their text (12 px labels, a generous average glyph
/// width) and labels wrap at word boundaries, so no name is ever cut.
/// </summary>
internal sealed record GraphLayout(double Width, double Height, IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges)
{
    public const double LineHeight = 15;
    public const double PaddingY = 7;
    private const double PaddingX = 10;
    private const double GlyphWidth = 7.2;
    private const double Gap = 10;
    private const double ColumnGap = 44;
    private const double MinBoxWidth = 90;

    public static readonly GraphLayout Empty = new(0, 0, [], []);

    /// <summary>Upstream on the left, the system in the middle, downstream on the right.</summary>
    public static GraphLayout Columns(DependencyGraph graph)
    {
        const int maxChars = 22;
        var up = graph.Upstream.Select(n => Measure(n.Name, n.Slug is null, maxChars)).ToList();
        var down = graph.Downstream.Select(n => Measure(n.Name, n.Slug is null, maxChars)).ToList();
        var center = Measure(graph.Center.Name, false, maxChars);

        var upWidth = up.Count == 0 ? 0 : up.Max(b => b.Width);
        var downWidth = down.Count == 0 ? 0 : down.Max(b => b.Width);
        var height = new[] { Stack(up), Stack(down), center.Height }.Max() + 2 * Gap;
        var centerX = up.Count == 0 ? 0 : upWidth + ColumnGap;
        var downX = centerX + center.Width + ColumnGap;
        var width = down.Count == 0 ? centerX + center.Width : downX + downWidth;

        var nodes = new List<GraphNode>();
        var edges = new List<GraphEdge>();
        var centerNode = Place(center, graph.Center.Name, centerX, (height - center.Height) / 2, center.Width, isCenter: true);
        var centerMid = centerNode.Y + centerNode.Height / 2;
        foreach (var node in Column(up, graph.Upstream, 0, upWidth, height))
        {
            nodes.Add(node);
            edges.Add(new GraphEdge(node.X + node.Width, node.Y + node.Height / 2, centerNode.X, centerMid));
        }
        foreach (var node in Column(down, graph.Downstream, downX, downWidth, height))
        {
            nodes.Add(node);
            edges.Add(new GraphEdge(centerNode.X + centerNode.Width, centerMid, node.X, node.Y + node.Height / 2));
        }
        nodes.Add(centerNode);
        return new GraphLayout(width, height, nodes, edges);
    }

    /// <summary>For narrow screens: upstream in a row on top, the system below, downstream in a row at the bottom.</summary>
    public static GraphLayout Stacked(DependencyGraph graph)
    {
        const int maxChars = 18;
        const double boxWidth = 18 * GlyphWidth + 2 * PaddingX;
        const double width = 2 * boxWidth + ColumnGap / 2;
        var nodes = new List<GraphNode>();
        var edges = new List<GraphEdge>();
        var y = Gap;

        var upNodes = Row(graph.Upstream, maxChars, boxWidth, width, ref y);
        if (upNodes.Count > 0)
        {
            y += ColumnGap * .75;
        }
        var center = Measure(graph.Center.Name, false, maxChars);
        var centerNode = Place(center, graph.Center.Name, (width - boxWidth) / 2, y, boxWidth, isCenter: true);
        y += centerNode.Height;
        var downNodes = new List<GraphNode>();
        if (graph.Downstream.Count > 0)
        {
            y += ColumnGap * .75;
            downNodes = Row(graph.Downstream, maxChars, boxWidth, width, ref y);
        }
        foreach (var node in upNodes)
        {
            edges.Add(new GraphEdge(node.X + node.Width / 2, node.Y + node.Height, centerNode.X + centerNode.Width / 2, centerNode.Y));
        }
        foreach (var node in downNodes)
        {
            edges.Add(new GraphEdge(centerNode.X + centerNode.Width / 2, centerNode.Y + centerNode.Height, node.X + node.Width / 2, node.Y));
        }
        nodes.AddRange(upNodes);
        nodes.Add(centerNode);
        nodes.AddRange(downNodes);
        return new GraphLayout(width, y + Gap, nodes, edges);
    }

    private sealed record Box(IReadOnlyList<string> Lines, double Width, double Height, bool External);

    private static double Stack(List<Box> boxes) => boxes.Count == 0 ? 0 : boxes.Sum(b => b.Height) + (boxes.Count - 1) * Gap;

    private static IEnumerable<GraphNode> Column(List<Box> boxes, IReadOnlyList<DependencyNode> nodes, double x, double width, double height)
    {
        var y = (height - Stack(boxes)) / 2;
        for (var i = 0; i < boxes.Count; i++)
        {
            yield return Place(boxes[i], nodes[i].Name, x, y, width, isCenter: false);
            y += boxes[i].Height + Gap;
        }
    }

    private static List<GraphNode> Row(IReadOnlyList<DependencyNode> nodes, int maxChars, double boxWidth, double width, ref double y)
    {
        var placed = new List<GraphNode>();
        for (var i = 0; i < nodes.Count; i += 2)
        {
            var pair = nodes.Skip(i).Take(2).Select(n => (Node: n, Box: Measure(n.Name, n.Slug is null, maxChars))).ToList();
            var rowHeight = pair.Max(p => p.Box.Height);
            var rowWidth = pair.Count * boxWidth + (pair.Count - 1) * ColumnGap / 2;
            var x = (width - rowWidth) / 2;
            foreach (var (node, box) in pair)
            {
                placed.Add(Place(box with { Height = rowHeight }, node.Name, x, y, boxWidth, isCenter: false));
                x += boxWidth + ColumnGap / 2;
            }
            y += rowHeight + Gap;
        }
        if (placed.Count > 0)
        {
            y -= Gap;
        }
        return placed;
    }

    private static GraphNode Place(Box box, string name, double x, double y, double width, bool isCenter) =>
        new(name, box.Lines, x, y, width, box.Height, box.External, isCenter);

    private static Box Measure(string name, bool external, int maxChars)
    {
        var lines = Wrap(name, maxChars);
        var width = Math.Max(MinBoxWidth, lines.Max(l => l.Length) * GlyphWidth + 2 * PaddingX);
        return new Box(lines, width, lines.Count * LineHeight + 2 * PaddingY, external);
    }

    /// <summary>Breaks a label into lines of at most <paramref name="maxChars"/>, at spaces where it can, inside a long word where it must.</summary>
    internal static IReadOnlyList<string> Wrap(string text, int maxChars)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var rest = word;
            while (rest.Length > maxChars)
            {
                if (current.Length > 0)
                {
                    lines.Add(current);
                    current = "";
                }
                lines.Add(rest[..maxChars]);
                rest = rest[maxChars..];
            }
            if (current.Length == 0)
            {
                current = rest;
            }
            else if (current.Length + 1 + rest.Length <= maxChars)
            {
                current += " " + rest;
            }
            else
            {
                lines.Add(current);
                current = rest;
            }
        }
        if (current.Length > 0 || lines.Count == 0)
        {
            lines.Add(current);
        }
        return lines;
    }
}
