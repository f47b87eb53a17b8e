using Charm.Framework.Model;

namespace Charm.Framework.Tests.Model;

/// <summary>
/// The one unit-name type. Facts pinned: Juju names a unit <c>&lt;application&gt;/&lt;number&gt;</c> (juju/names'
/// unit tag: an application name, a slash, a decimal number) and lists a relation's units by application, then number
/// (so <c>app/10</c> after <c>app/9</c>); the framework keeps the number in an <see cref="int"/>, so a larger one is no
/// unit name it reads (the environment error, exit 2, is pinned in <c>JujuEnvironmentTests</c>), never an overflow.
/// </summary>
public sealed class UnitNameTests
{
    [Theory]
    [InlineData("app/0", true)]
    [InlineData("my-app/2147483647", true)]
    [InlineData("app/2147483648", false)]
    [InlineData("app/99999999999999999999", false)]
    [InlineData("app/", false)]
    [InlineData("/0", false)]
    [InlineData("a/b/0", false)]
    [InlineData("app/-1", false)]
    [InlineData("app/+1", false)]
    [InlineData("app/ 1", false)]
    [InlineData("app/1 ", false)]
    [InlineData("app", false)]
    [InlineData("", false)]
    public void AUnitNameHasANumberThatFitsAnInt(string name, bool valid)
        => Assert.Equal(valid, UnitName.TryParse(name, out _));

    [Fact]
    public void NullIsNoUnitName()
        => Assert.False(UnitName.TryParse(null, out _));

    [Theory]
    [InlineData("microovn/3", "microovn", 3)]
    [InlineData("my-app/2147483647", "my-app", int.MaxValue)]
    [InlineData("a/0", "a", 0)]
    public void ParseSplitsApplicationAndNumberAndToStringJoinsThem(string text, string application, int number)
    {
        var name = UnitName.Parse(text);

        Assert.Equal(application, name.Application);
        Assert.Equal(number, name.Number);
        Assert.Equal(text, name.ToString());
        Assert.Equal(name, new UnitName(application, number));
    }

    [Fact]
    public void ParseRefusalSaysWhatIsExpected()
    {
        var error = Assert.Throws<FormatException>(() => UnitName.Parse("app/2147483648"));

        Assert.Contains("'app/2147483648' is not a unit name", error.Message, StringComparison.Ordinal);
        Assert.Contains("'<application>/<number>' with a number from 0 to 2147483647", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheConstructorRefusesWhatNoUnitIsNamed()
    {
        Assert.Throws<ArgumentException>(() => new UnitName("", 0));
        Assert.Contains("'/'", Assert.Throws<ArgumentException>(() => new UnitName("a/b", 0)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new UnitName("app", -1));
    }

    [Fact]
    public void UnitsOrderByApplicationThenNumber()
    {
        UnitName[] names = [UnitName.Parse("app/10"), UnitName.Parse("b/0"), UnitName.Parse("app/9"), UnitName.Parse("B/5"), UnitName.Parse("app/0")];

        var sorted = names.Order().Select(n => n.ToString()).ToArray();

        // Ordinal by application ("B" < "app" < "b"), then numeric, not textual ("app/9" before "app/10").
        Assert.Equal(["B/5", "app/0", "app/9", "app/10", "b/0"], sorted);
        Assert.True(UnitName.Parse("app/9") < UnitName.Parse("app/10"));
        Assert.True(UnitName.Parse("app/10") >= UnitName.Parse("app/9"));
        Assert.True(UnitName.Parse("b/0") > UnitName.Parse("app/99"));
        Assert.True(UnitName.Parse("app/3") <= UnitName.Parse("app/3"));
        Assert.True(UnitName.Parse("app/3") == new UnitName("app", 3));
        Assert.True(UnitName.Parse("app/3") != new UnitName("app", 4));
    }

    [Fact]
    public void TextOrderAgreesWithTheValueOrderAndIsTotalOverAnyText()
    {
        string[] texts = ["app/10", "app/9", "app/0", "app", "app/x", "app/", "b/0", "B/1", "a/b/0", "", "app/2147483648", "zz"];

        foreach (var x in texts)
        {
            foreach (var y in texts)
            {
                var xy = Math.Sign(UnitName.TextOrder.Compare(x, y));
                Assert.Equal(-xy, Math.Sign(UnitName.TextOrder.Compare(y, x)));
                Assert.Equal(x == y, xy == 0);
                if (UnitName.TryParse(x, out var ux) && UnitName.TryParse(y, out var uy))
                {
                    Assert.Equal(Math.Sign(ux.CompareTo(uy)), xy);
                }

                foreach (var z in texts)
                {
                    if (xy <= 0 && UnitName.TextOrder.Compare(y, z) <= 0)
                    {
                        Assert.True(UnitName.TextOrder.Compare(x, z) <= 0, $"{x} <= {y} <= {z} but not {x} <= {z}");
                    }
                }
            }
        }

        Assert.Equal(["app/0", "app/9", "app/10", "b/0"], new[] { "b/0", "app/10", "app/0", "app/9" }.Order(UnitName.TextOrder));
    }
}
