using Charm.Framework;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.Framework.TestCharm;

namespace Charm.Testing.Tests;

using State = Charm.Testing.State;

/// <summary>Secrets through the model against the in-memory agent: owners, tracked revisions, grants, commit at hook end.</summary>
public sealed class SecretTests
{
    private static readonly RelationState Db = new("db", 2, "web");

    [Fact]
    public void The_leader_adds_an_application_secret_grants_it_and_the_output_state_has_both()
    {
        string? id = null;
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.Start, "s", (StartEvent _) =>
        {
            var secret = c.App.AddSecret(new Dictionary<string, string> { ["password"] = "p1" }, new SecretOptions { Label = "creds" });
            secret.Grant(c.Model.GetRelation(new RelationId("db", 2)));
            id = secret.Id;
            Assert.Equal([secret.Id!], c.Model.SecretIds());
            Assert.Equal("p1", c.Model.GetSecret(label: "creds").GetContent()["password"]);
        })));

        var result = ctx.Run(Hook.Start, new State { Leader = true }.WithRelation(Db)).EnsureSuccess();

        var stored = result.Output.GetSecret(id!);
        Assert.Equal(SecretOwner.Application, stored.Owner);
        Assert.Equal(["2"], stored.Grants);
        Assert.Equal("p1", stored.Revisions[1]["password"]);
    }

    [Fact]
    public void A_non_leader_cannot_add_an_application_secret_and_a_failed_hook_keeps_no_secret()
    {
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.Start, "s", (StartEvent e) =>
        {
            _ = c.Unit.AddSecret(new Dictionary<string, string> { ["k"] = "v" });
            _ = c.App.AddSecret(new Dictionary<string, string> { ["k"] = "v" });
        })));

        var result = ctx.Run(Hook.Start, new State());

        Assert.False(result.Succeeded);
        Assert.Contains("not the leader", result.Error!.Message, StringComparison.Ordinal);
        Assert.Empty(result.Output.Secrets);
    }

    [Fact]
    public void A_reader_sees_its_tracked_revision_until_it_refreshes_and_peek_does_not_move_it()
    {
        var secret = SecretState.Create("secret:granted", new Dictionary<string, string> { ["k"] = "old" }) with { TrackedRevision = 1 };
        secret = secret with { Revisions = secret.Revisions.Add(2, secret.Revisions[1].SetItem("k", "new")) };
        var seen = new List<string>();
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.SecretChanged, "s", (SecretEvent e) =>
        {
            seen.Add(e.Secret.GetContent()["k"]);
            seen.Add(e.Secret.GetContent(peek: true)["k"]);
            seen.Add(e.Secret.GetContent()["k"]);
            seen.Add(e.Secret.GetContent(refresh: true)["k"]);
            seen.Add(e.Secret.GetContent()["k"]);
        })));

        var result = ctx.Run(Hook.SecretChanged(secret), new State().WithSecret(secret)).EnsureSuccess();

        Assert.Equal(["old", "new", "old", "new", "new"], seen);
        Assert.Equal(2, result.Output.GetSecret("secret:granted").TrackedRevision);
    }

    [Fact]
    public void A_secret_the_unit_does_not_have_is_SecretNotFoundException_and_only_owners_may_read_its_info()
    {
        var granted = SecretState.Create("secret:granted", new Dictionary<string, string> { ["k"] = "v" });
        var backend = new InMemoryBackend("app/0", new State().WithSecret(granted));

        Assert.Throws<SecretNotFoundException>(() => backend.SecretGet("secret:other", null, false, false));
        Assert.Throws<PermissionDeniedException>(() => backend.SecretInfoGet("secret:granted", null));
    }

    [Fact]
    public void The_owner_sets_a_new_revision_and_removes_an_old_one()
    {
        var owned = SecretState.Create("secret:mine", new Dictionary<string, string> { ["k"] = "1" }, SecretOwner.Unit, "mine");
        var ctx = new Context(DelegateCharm.With(c => c.Framework.Observe(EventKey.SecretRotate, "s", (SecretEvent e) =>
        {
            e.Secret.SetContent(new Dictionary<string, string> { ["k"] = "2" });
            e.Secret.Remove(1);
            Assert.Equal(2, e.Secret.GetInfo().Revision);
        })));

        var result = ctx.Run(Hook.SecretRotate(owned), new State().WithSecret(owned)).EnsureSuccess();

        Assert.Equal([2], result.Output.GetSecret("secret:mine").Revisions.Keys);
    }
}
