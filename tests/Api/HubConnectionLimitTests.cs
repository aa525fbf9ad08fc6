using CommandCenter.Client;

namespace CommandCenter.Tests.Api;

/// <summary>
/// One account may hold at most 20 live hub connections (Hub:MaxConnectionsPerUser): a stolen cookie or a runaway script
/// cannot pin down the server's connection slots, and everyone else's connections are unaffected.
/// </summary>
public sealed class HubConnectionLimitTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly Dictionary<IncidentHubClient, Task<Exception?>> _closed = [];

    /// <summary>Connects and proves the connection works; the exception when the hub refuses or closes it.</summary>
    private async Task<(IncidentHubClient? Hub, Exception? Refusal)> TryConnectAsync(string cookie)
    {
        var hub = IncidentHubClient.WithSessionCookie(factory.Server.BaseAddress, cookie, options => options.UseTestServer(factory.Server));
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        _closed[hub] = closed.Task;
        try
        {
            await hub.StartAsync().WaitAsync(ApiTestExtensions.Timeout);
            await hub.SubscribeAllAsync().WaitAsync(ApiTestExtensions.Timeout);
            return (hub, null);
        }
        catch (Exception ex) when (ex is not TimeoutException)
        {
            // The server's close message can arrive just after the failed call: wait for it before deciding why.
            var closedBy = await Task.WhenAny(closed.Task, Task.Delay(TimeSpan.FromSeconds(5))) == closed.Task ? await closed.Task : null;
            await hub.DisposeAsync();
            return (null, closedBy ?? ex);
        }
    }

    [Fact]
    public async Task TheTwentyFirstConnectionOfOneAccountIsRefusedAndOthersAreNot()
    {
        var hubs = new List<IncidentHubClient>();
        var hana = factory.SessionCookie("Hana Hub");
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var (hub, refusal) = await TryConnectAsync(hana);
                Assert.True(hub is not null, $"Connection {i + 1} was refused: {refusal}");
                hubs.Add(hub);
            }

            var (extra, refused) = await TryConnectAsync(hana);

            Assert.Null(extra);
            Assert.Contains("20 live connections", refused!.Message, StringComparison.Ordinal);
            Assert.All(hubs, h => Assert.False(_closed[h].IsCompleted));
            var (someoneElse, _) = await TryConnectAsync(factory.SessionCookie("Hugo Hub"));
            Assert.NotNull(someoneElse);
            hubs.Add(someoneElse);

            await hubs[0].DisposeAsync();
            hubs.RemoveAt(0);
            IncidentHubClient? again = null;
            for (var attempt = 0; again is null && attempt < 50; attempt++)
            {
                (again, _) = await TryConnectAsync(hana);
                if (again is null)
                {
                    await Task.Delay(100);
                }
            }
            Assert.NotNull(again);
            hubs.Add(again);
        }
        finally
        {
            foreach (var hub in hubs)
            {
                await hub.DisposeAsync();
            }
        }
    }
}
