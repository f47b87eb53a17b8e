using Charm.Framework.Hosting;

namespace Charm.Framework.Tests.Hosting;

/// <summary>
/// Juju's rule for a hook's databag writes, in the one type that keeps it for the framework's databag, the in-memory
/// agent and the simulator. Facts pinned: <c>relation-set</c> with <c>""</c> deletes a key, and a key with an empty
/// value does not exist; a hook's writes become visible to other units only when the hook succeeds, while the hook
/// itself reads them back; only a changed databag gives the remote units a <c>relation-changed</c>.
/// </summary>
public sealed class DatabagWritesTests
{
    private static readonly Dictionary<string, string> Stored = new(StringComparer.Ordinal) { ["a"] = "1", ["b"] = "2", ["e"] = "" };

    [Fact]
    public void AReadSeesThePendingWritesOverlaidOnTheStoredDataWithoutEmptyValues()
    {
        var writes = new DatabagWrites();
        writes.Write("a", "9");
        writes.Write("b", "");
        writes.Write("d", "4");

        var view = writes.Overlay(Stored);

        Assert.Equal(["a", "d"], view.Keys);
        Assert.Equal("9", view["a"]);
        Assert.Equal("4", view["d"]);
        Assert.Equal(Stored.Where(p => p.Value.Length > 0), new DatabagWrites().Overlay(Stored));
    }

    [Fact]
    public void AWrittenKeyIsReadWithoutAskingForTheStoredData()
    {
        var loads = 0;
        IReadOnlyDictionary<string, string> Load()
        {
            loads++;
            return Stored;
        }

        var writes = new DatabagWrites();
        writes.Write("a", "9");
        writes.Write("b", null);

        Assert.Equal("9", writes.Read("a", Load));
        Assert.Null(writes.Read("b", Load));
        Assert.Equal(0, loads);
        Assert.Null(writes.Read("e", Load));
        Assert.Null(writes.Read("missing", Load));
        Assert.Equal(2, loads);
    }

    [Fact]
    public void TheLastWriteOfAKeyWinsAndNullMeansDelete()
    {
        var writes = new DatabagWrites();
        writes.WriteAll([new("z", "1"), new("a", "2"), new("z", "3")]);
        writes.Write("n", null);

        Assert.Equal(["a", "n", "z"], writes.Pending.Keys);
        Assert.Equal("3", writes.Pending["z"]);
        Assert.Equal("", writes.Pending["n"]);
        Assert.Equal(3, writes.Count);

        writes.Clear();
        Assert.Equal(0, writes.Count);
    }

    [Fact]
    public void ACommitSendsOnlyTheWritesThatChangeTheStoredData()
    {
        var writes = new DatabagWrites();
        writes.Write("a", "1");      // the stored value: no change
        writes.Write("gone", "");    // deletes a key that is not there: no change
        writes.Write("e", "");       // an empty stored value is no value: no change
        writes.Write("b", "");       // deletes a value: a change
        writes.Write("c", "3");      // a new key: a change

        Assert.Equal(new Dictionary<string, string> { ["b"] = "", ["c"] = "3" }, writes.ChangesTo(Stored));
    }

    [Fact]
    public void ApplyingTheWritesChangesTheTargetAndReportsTheChangedKeysInOrdinalOrder()
    {
        var target = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["a"] = "1", ["b"] = "2", ["k"] = "x" };
        var writes = new DatabagWrites();
        writes.Write("k", "y");
        writes.Write("a", "1");
        writes.Write("b", "");
        writes.Write("B", "new");
        writes.Write("absent", "");

        var changed = writes.ApplyTo(target);

        Assert.Equal(["B", "b", "k"], changed);
        Assert.Equal(new Dictionary<string, string> { ["B"] = "new", ["a"] = "1", ["k"] = "y" }, target);
        Assert.Empty(writes.ApplyTo(target));
    }
}
