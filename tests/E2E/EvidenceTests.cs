using System.Security.Cryptography;
using System.Text;
using CommandCenter.Tests.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommandCenter.Tests.E2E;

public sealed class EvidenceTests(BrowserFixture browser, AppFixture app) : BrowserTest(browser, app), IClassFixture<AppFixture>
{
    private static readonly string InjectionKey = $"INC-{DateTime.UtcNow.Year}-0001";

    [Fact]
    public Task AnUploadedFileShowsItsHashAndTheCustodyLog() => RunAsync(async () =>
    {
        const string log = "11:00:01 POST /chat 200 user=4411 reply contained SAVE50\n";
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(log)));
        await SignInAsync(Page, "Tom Okafor");
        var evidence = await new Pages.EvidencePage(Page).GotoAsync(InjectionKey);

        await evidence.Title.FillAsync("Gateway log extract");
        await evidence.Source.FillAsync("gateway query 11:00-11:05");
        await evidence.File.SetInputFilesAsync(new FilePayload { Name = "gateway.log", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes(log) });
        await evidence.Collect.ClickAsync();

        await Expect(evidence.Hash.Filter(new() { HasTextString = sha256 })).ToBeVisibleAsync();
        await Expect(evidence.CustodyLog).ToContainTextAsync("Collected by Tom Okafor");
        await Expect(evidence.CustodyLog).ToContainTextAsync("Viewed by Tom Okafor");
        await Expect(evidence.Text).ToContainTextAsync("reply contained SAVE50");
    });
}
