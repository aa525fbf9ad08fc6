using CommandCenter.Core.Evidence;

namespace CommandCenter.Tests.Unit.Evidence;

public sealed class EvidenceTextTests
{
    [Fact]
    public void LineDiffMarksAddedAndRemovedLinesOfTwoPromptVersions()
    {
        var diff = LineDiff.Compare("You are a support assistant.\nNever share codes.\nBe brief.", "You are a support assistant.\nBe brief.\nCite the policy.");

        Assert.Equal(
            [(DiffKind.Same, "You are a support assistant."), (DiffKind.Removed, "Never share codes."), (DiffKind.Same, "Be brief."),
                (DiffKind.Added, "Cite the policy.")],
            diff.Select(d => (d.Kind, d.Text)));
        Assert.Equal((2, (int?)null), (diff[1].OldNumber!.Value, diff[1].NewNumber));
    }

    [Fact]
    public void LineDiffOfEqualTextsIsAllSame() => Assert.All(LineDiff.Compare("a\r\nb\n", "a\nb"), d => Assert.Equal(DiffKind.Same, d.Kind));

    [Fact]
    public void RedactionReplacesEmailsAndPhoneNumbersButKeepsDatesAndTimes()
    {
        var (text, emails, phones) = PiiRedaction.Redact(
            "Customer jane.doe@example.com called from +44 20 7946 0958 and (555) 010-4477 on 2026-12-02 at 11:03:18; order 4411.");

        Assert.Equal($"Customer {PiiRedaction.Email} called from {PiiRedaction.Phone} and {PiiRedaction.Phone} on 2026-12-02 at 11:03:18; order 4411.", text);
        Assert.Equal((1, 2), (emails, phones));
    }

    [Theory]
    [InlineData("prompt", EvidenceKind.Prompt)]
    [InlineData("System-Prompt", EvidenceKind.SystemPrompt)]
    [InlineData(" log-extract ", EvidenceKind.LogExtract)]
    public void KindsParseFromTheirCodes(string code, EvidenceKind kind) => Assert.Equal(kind, EvidenceKinds.Parse(code));

    [Fact]
    public void AnUnknownKindDoesNotParse() => Assert.Null(EvidenceKinds.Parse("weights"));
}
