using CommandCenter.Components.Incidents.WarRoom;
using CommandCenter.Tests.Components.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static CommandCenter.Tests.Components.Incidents.WarRoom.WarRoomFixture;

namespace CommandCenter.Tests.Components.Incidents.WarRoom;

/// <summary>Alone (no other test allocating at the same time), so the heap it reads is the war rooms' own.</summary>
[CollectionDefinition(nameof(MemoryTests), DisableParallelization = true)]
public sealed class MemoryCollection;

[Collection(nameof(MemoryTests))]
public class MemoryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KeepsWhatAnOpenWarRoomHoldsSmall()
    {
        await using var app = await AppTestContext.StartAsync("maya");
        const int circuits = 20;
        // Warm up once (code, caches, the EF model), then measure 20 circuits' states after a full GC.
        using (var warm = app.Services.CreateScope())
        {
            await warm.ServiceProvider.GetRequiredService<IncidentState>().LoadAsync(Injection, AllParts);
        }
        var before = FullGcHeap();
        var scopes = new List<IServiceScope>();
        for (var i = 0; i < circuits; i++)
        {
            var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<IncidentState>().LoadAsync(Injection, AllParts);
            scopes.Add(scope);
        }
        var after = FullGcHeap();

        var perCircuit = (after - before) / circuits;
        output.WriteLine($"Managed heap per open war-room state: {perCircuit / 1024.0:0} KB ({circuits} circuits)");
        Console.WriteLine($"HEAP PER WAR ROOM: {perCircuit / 1024.0:0} KB");
        GC.KeepAlive(scopes);
        scopes.ForEach(s => s.Dispose());
        Assert.InRange(perCircuit, 0, 700 * 1024);
    }

    private const IncidentParts AllParts =
        IncidentParts.Containment | IncidentParts.Playbook | IncidentParts.Updates | IncidentParts.Triage | IncidentParts.System;

    private static long FullGcHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
