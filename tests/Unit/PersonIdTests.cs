using CommandCenter.Core.Accounts;

namespace CommandCenter.Tests.Unit;

public sealed class PersonIdTests
{
    [Theory]
    [InlineData("Maya Chen", "Maya Chen")]
    [InlineData("Maya Chen", "  maya chen ")]
    [InlineData("TOM OKAFOR", "tom okafor")]
    public void NamesThatDifferOnlyInCaseAndSpacesAreTheSamePerson(string a, string b)
    {
        Assert.Equal(PersonId.Of(a), PersonId.Of(b));
        Assert.Equal(PersonId.Of(a).GetHashCode(), PersonId.Of(b).GetHashCode());
        Assert.True(PersonId.Same(a, b));
    }

    [Fact]
    public void DifferentNamesAreDifferentPeople()
    {
        Assert.NotEqual(PersonId.Of("Maya Chen"), PersonId.Of("Maya Cheng"));
        Assert.False(PersonId.Same("Tom Okafor", "Tom  Okafor"));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "")]
    [InlineData(" ", "Maya Chen")]
    [InlineData("Maya Chen", null)]
    public void NobodyIsNeverTheSamePersonAsAnyone(string? a, string? b)
    {
        Assert.False(PersonId.Same(a, b));
        Assert.True(PersonId.Of(null).IsNobody);
        Assert.True(PersonId.Of("  ").IsNobody);
    }
}
