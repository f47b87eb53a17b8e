using Charm.Simulator.Microcluster;

namespace Charm.Simulator.Tests.Microcluster;

public sealed class DeterminismTests
{
    [Fact]
    public void The_same_seed_and_calls_replay_byte_for_byte()
    {
        Assert.Equal(Script(seed: 42), Script(seed: 42));
    }

    [Fact]
    public void A_different_seed_draws_different_secrets_certificates_and_addresses()
    {
        string[] first = Script(seed: 1);
        string[] second = Script(seed: 2);

        Assert.NotEqual(first[1], second[1]);
        Assert.NotEqual(first[^1], second[^1]);
    }

    private static string[] Script(int seed)
    {
        var world = new ClusterWorld(new FakeMicroclusterOptions { Seed = seed });
        var outputs = new List<string> { world.Ok("host-0", "bootstrap") };
        for (int i = 1; i < 5; i++)
        {
            string token = world.Token("host-0", "host-" + i);
            outputs.Add(token);
            world.Clock.Advance(TimeSpan.FromSeconds(4));
            outputs.Add(world.Ok("host-" + i, "join", token));
        }

        outputs.Add(world.Ok("host-2", "list", "-f", "json"));
        return [.. outputs];
    }
}
