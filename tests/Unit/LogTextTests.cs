using CommandCenter.Core.Common;

namespace CommandCenter.Tests.Unit;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("SEV9\r\ninfo: forged", "SEV9\\r\\ninfo: forged")]
    [InlineData("tab\there", "tab\\there")]
    [InlineData("nul\0", "nul\\0")]
    [InlineData("\u001b[2Jclear", "\\u001B[2Jclear")]
    [InlineData("line\u2028sep", "line\\u2028sep")]
    [InlineData("evil\u202Etxt.exe", "evil\\u202Etxt.exe")]
    [InlineData("INC-2026-0001", "INC-2026-0001")]
    [InlineData("Zoë Ångström 😀", "Zoë Ångström 😀")]
    public void ControlAndLineBreakingCharactersBecomeVisibleEscapes(string value, string logged) =>
        Assert.Equal(logged, LogText.Escape(value));

    [Fact]
    public void ALongValueIsCutShort()
    {
        var logged = LogText.Escape(new string('x', 600));

        Assert.Equal(501, logged.Length);
        Assert.EndsWith("…", logged);
    }

    [Fact]
    public void NullIsEmpty() => Assert.Equal("", LogText.Escape(null));
}
