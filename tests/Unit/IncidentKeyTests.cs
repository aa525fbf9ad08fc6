using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Tests.Unit;

public sealed class IncidentKeyTests
{
    [Theory]
    [InlineData("INC-2026-0042", "INC-2026-0042")]
    [InlineData("  inc-2026-0042 ", "INC-2026-0042")]
    [InlineData("ex-2026-0003", "EX-2026-0003")]
    [InlineData("INC-2026-123456", "INC-2026-123456")]
    public void ParseNormalisesAKeyHoweverItWasTyped(string typed, string expected)
    {
        var key = IncidentKey.Parse(typed);

        Assert.Equal(expected, key.Value);
        Assert.Equal(expected, key.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("INC-26-0042")]
    [InlineData("INC-2026-42")]
    [InlineData("INC-2026-0042; DROP")]
    [InlineData("PM-2026-0042")]
    public void TryParseRefusesTextThatIsNoKey(string? text)
    {
        Assert.False(IncidentKey.TryParse(text, out var key));
        Assert.Equal("", key.Value);
    }

    [Fact]
    public void ParseAnswersNotFoundGivenTextThatIsNoKey()
    {
        var refused = Assert.Throws<NotFoundException>(() => IncidentKey.Parse("nope"));

        Assert.Equal("No incident nope.", refused.Message);
    }

    [Fact]
    public void KeysTypedDifferentlyAreEqualWhenTheyNameTheSameIncident()
    {
        Assert.Equal(IncidentKey.Parse("inc-2026-0042"), IncidentKey.Parse(" INC-2026-0042"));
        Assert.NotEqual(IncidentKey.Parse("INC-2026-0042"), IncidentKey.Parse("INC-2026-0043"));
        Assert.True(IncidentKey.Same("inc-2026-0042 ", "INC-2026-0042"));
        Assert.False(IncidentKey.Same("INC-2026-0042", null));
    }

    [Fact]
    public void NormalizeKeepsTextThatIsNoKeySoALookupFindsNothing()
    {
        Assert.Equal("INC-A", IncidentKey.Normalize(" inc-a "));
    }

    [Fact]
    public void AnExerciseKeyParsesWithItsPrefix()
    {
        Assert.Equal("EX-2026-0001", IncidentKey.Parse("ex-2026-0001").Value);
    }
}
