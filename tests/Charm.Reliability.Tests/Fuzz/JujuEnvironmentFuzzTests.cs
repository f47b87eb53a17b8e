using Charm.Framework.Hosting;
using Charm.Framework.Model;
using CsCheck;

namespace Charm.Reliability.Tests.Fuzz;

/// <summary>The hook environment, hostile: <see cref="JujuEnvironment.Parse"/> returns a consistent environment or throws <see cref="JujuEnvironmentException"/>.</summary>
public sealed class JujuEnvironmentFuzzTests
{
    private static readonly string[] Names =
    [
        "JUJU_DISPATCH_PATH", "JUJU_HOOK_NAME", "JUJU_UNIT_NAME", "JUJU_MODEL_NAME", "JUJU_MODEL_UUID", "JUJU_VERSION", "JUJU_CHARM_DIR",
        "JUJU_RELATION", "JUJU_RELATION_ID", "JUJU_REMOTE_APP", "JUJU_REMOTE_UNIT", "JUJU_DEPARTING_UNIT", "JUJU_ACTION_NAME", "PATH", "",
    ];

    private static readonly string[] Plausible =
    [
        "hooks/install", "hooks/cluster-relation-changed", "hooks/cluster-relation-departed", "hooks/leader-elected", "hooks/",
        "hooks/-relation-changed", "hooks/x-relation-", "hooks/a-b-c-relation-joined", "actions/backup", "actions/", "hooks/secret-changed",
        "hooks/data-storage-attached", "install", "app/0", "app/x", "app/", "/0", "a/b/0", "app/00", "app/-1", "app/99999999999999999999",
        "cluster:7", "cluster:", ":7", "7", "other:7", "cluster:-1", "cluster:99999999999", "cluster", "a:b:7", "3.6.4", "/tmp",
    ];

    private static readonly Gen<Dictionary<string, string>> Variables =
        Gen.Select(Gen.OneOf(Names), Gen.Frequency((3, Gen.OneOf(Plausible)), (2, Hostile.Text))).Array[0, 14].Select(pairs =>
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in pairs)
            {
                map[name] = value;
            }

            return map;
        });

    [Fact]
    public void ParseReturnsAConsistentEnvironmentOrAJujuEnvironmentException()
        => Variables.Run(
            variables =>
            {
                try
                {
                    var environment = JujuEnvironment.Parse(variables, "/charm");
                    Assert.True(UnitName.TryParse(environment.UnitName, out _));
                    Assert.Equal(environment.Event.IsRelationEvent, environment.RelationId is not null);
                    if (environment.RelationId is { } id)
                    {
                        Assert.Equal(environment.Event.Endpoint, id.Endpoint);
                    }

                    _ = environment.Event.HookName;
                }
                catch (JujuEnvironmentException e)
                {
                    Assert.NotEmpty(e.Problems);
                }
            },
            iter: 20_000,
            print: v => string.Join("; ", v.Select(p => p.Key + "=" + Hostile.Show(p.Value))));
}
