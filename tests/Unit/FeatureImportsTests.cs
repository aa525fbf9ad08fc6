using System.Text.RegularExpressions;

namespace CommandCenter.Tests.Unit;

/// <summary>
/// No import loops between Core's feature folders. A folder imports another when one of its files names it: a
/// <c>using CommandCenter.Core.X</c>, a <c>CommandCenter.Core.X.</c> qualified name, or a relative <c>X.Type</c>
/// qualification inside the Core namespace.
/// </summary>
public sealed partial class FeatureImportsTests
{
    /// <summary>
    /// Shared kernels every folder may import and that are left out of the graph: Common (exceptions, validation, time),
    /// Persistence (the DbContext maps every feature's entities: it is the model's composition root), Accounts and Audit
    /// (actor, access guard and the audit trail wrap every command) and Demo (seeds every feature; nothing imports it).
    /// </summary>
    private static readonly HashSet<string> SharedKernels = ["Common", "Persistence", "Accounts", "Audit", "Demo"];

    [Fact]
    public void FeatureFoldersImportEachOtherWithoutLoops()
    {
        var graph = ImportGraph();

        var loops = Cycles(graph).ToList();

        Assert.True(loops.Count == 0, "Import loops: " + string.Join("; ", loops.Select(c => string.Join(" -> ", c.Append(c[0])))));
    }

    [Fact]
    public void TheGraphSeesEveryFeatureFolder()
    {
        var graph = ImportGraph();

        Assert.Contains("Incidents", graph.Keys);
        Assert.Contains("Incidents", graph["Playbooks"]);
        Assert.DoesNotContain("Learning", graph["Incidents"]);
        Assert.DoesNotContain("Incidents", graph["Systems"]);
        Assert.DoesNotContain("Detection", graph["Systems"]);
        Assert.Contains("Incidents", graph["Events"]);
        Assert.DoesNotContain("Events", graph["Incidents"]);
    }

    private static string CoreFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "src", "CommandCenter.Core")))
        {
            directory = directory.Parent;
        }
        return Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("No src/CommandCenter.Core above the tests."),
            "src", "CommandCenter.Core");
    }

    private static Dictionary<string, HashSet<string>> ImportGraph()
    {
        var core = CoreFolder();
        var folders = Directory.GetDirectories(core).Select(Path.GetFileName).OfType<string>()
            .Where(f => f is not ("bin" or "obj")).ToHashSet();
        var graph = folders.Where(f => !SharedKernels.Contains(f)).ToDictionary(f => f, _ => new HashSet<string>());
        foreach (var folder in graph.Keys)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(core, folder), "*.cs", SearchOption.AllDirectories))
            {
                var text = LineComment().Replace(File.ReadAllText(file), "");
                var named = Qualified().Matches(text).Select(m => m.Groups[1].Value)
                    .Concat(Relative().Matches(text).Select(m => m.Groups[1].Value));
                foreach (var other in named.Where(n => n != folder && graph.ContainsKey(n)))
                {
                    graph[folder].Add(other);
                }
            }
        }
        return graph;
    }

    /// <summary>The strongly connected components with more than one folder (Tarjan), each as a list of folders.</summary>
    private static IEnumerable<List<string>> Cycles(Dictionary<string, HashSet<string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<List<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in graph[node].Order(StringComparer.Ordinal))
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }
            if (low[node] == index[node])
            {
                var component = new List<string>();
                string popped;
                do
                {
                    popped = stack.Pop();
                    onStack.Remove(popped);
                    component.Add(popped);
                }
                while (popped != node);
                if (component.Count > 1)
                {
                    components.Add([.. component.Order(StringComparer.Ordinal)]);
                }
            }
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal).Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }
        return components;
    }

    [GeneratedRegex(@"//.*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"CommandCenter\.Core\.(\w+)")]
    private static partial Regex Qualified();

    [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)\.[A-Z]\w*")]
    private static partial Regex Relative();
}
