using System.Reflection;
using System.Text.Json;
using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Infrastructure;

/// <summary>
/// Runs axe-core (npm, the web project's devDependency) in a page against WCAG 2.x A and AA. The script is evaluated
/// through the DevTools protocol, which the page's Content-Security-Policy does not govern.
/// </summary>
public static class Axe
{
    private static readonly Lazy<string> Script = new(() =>
    {
        var path = typeof(Axe).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(a => a.Key == "AxeCoreScript").Value!;
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new InvalidOperationException($"axe-core is missing at {path}: build src/CommandCenter (it runs npm ci).");
    });

    public sealed record Violation(string Id, string Impact, string Help, IReadOnlyList<string> Targets)
    {
        public override string ToString() => $"{Impact} {Id}: {Help} at {string.Join(", ", Targets.Take(5))}";
    }

    /// <summary>The critical and serious violations on the page as it is now.</summary>
    public static async Task<IReadOnlyList<Violation>> SeriousViolationsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(Script.Value);
        }
        var json = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
              return result.violations
                .filter(v => v.impact === 'critical' || v.impact === 'serious')
                .map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' ')) }));
            }
            """);
        return json.EnumerateArray().Select(v => new Violation(
            v.GetProperty("id").GetString()!, v.GetProperty("impact").GetString()!, v.GetProperty("help").GetString()!,
            v.GetProperty("targets").EnumerateArray().Select(t => t.GetString()!).ToList())).ToList();
    }
}
