using Charm.Simulator.Model;
using Charm.Simulator.Scheduler;

namespace Charm.Simulator.Tests.Processes;

/// <summary>
/// A process hook's environment as Juju builds it (juju/juju internal/worker/uniter/runner/context: HookContext.HookVars
/// and env.go's ubuntuEnv): Juju's variables, the proxy and address variables even when empty, on Ubuntu
/// APT_LISTCHANGES_FRONTEND=none, DEBIAN_FRONTEND=noninteractive, LANG=C.UTF-8, TERM=tmux-256color, and PATH with the
/// tools' directory first; nothing else of the agent's environment (no HOME).
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class HookEnvironmentTests : IDisposable
{
    private readonly string _charms = Directory.CreateTempSubdirectory("sim-env-").FullName;

    public void Dispose() => Directory.Delete(_charms, recursive: true);

    private Dictionary<string, Dictionary<string, string>> RunAndCollect()
    {
        var charm = Path.Combine(_charms, "env");
        Directory.CreateDirectory(charm);
        File.WriteAllText(Path.Combine(charm, "metadata.yaml"), "name: env\nrequires:\n  db:\n    interface: probe\n");
        ProgramPaths.WriteExecutable(Path.Combine(charm, "dispatch"), "#!/bin/sh\nenv -0 > \"$JUJU_CHARM_DIR/.env-${JUJU_HOOK_NAME}\"\nprintf 'relation-get=%s\\0' \"$(command -v relation-get)\" > \"$JUJU_CHARM_DIR/.env-which\"\n");
        var other = Path.Combine(_charms, "other");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "metadata.yaml"), "name: other\nprovides:\n  db:\n    interface: probe\n");
        ProgramPaths.WriteExecutable(Path.Combine(other, "dispatch"), "#!/bin/sh\nexit 0\n");

        Environment.SetEnvironmentVariable("CHARM_SIM_TEST_LEAK", "leaked");
        try
        {
            using var sim = new Simulation(new SimulationOptions { Seed = 1, UpdateStatusInterval = null, HookToolPath = ProgramPaths.FastHookToolDirectory });
            sim.Deploy("env", CharmSource.FromDirectory(charm));
            sim.Deploy("other", CharmSource.FromDirectory(other));
            sim.Relate("env", "other");
            var result = sim.RunUntilQuiescent(maxSteps: 50);
            Assert.Equal(StopReason.Quiescent, result.Reason);
            var directory = sim.Model.GetUnit("env/0").CharmDirectory!;
            return Directory.GetFiles(directory, ".env-*").ToDictionary(
                f => Path.GetFileName(f)[5..],
                f => File.ReadAllText(f).Split('\0', StringSplitOptions.RemoveEmptyEntries)
                    .Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal),
                StringComparer.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CHARM_SIM_TEST_LEAK", null);
        }
    }

    [Fact]
    public void AProcessHookGetsJujusEnvironmentAndNothingOfTheSimulators()
    {
        var hooks = RunAndCollect();
        var install = hooks["install"];

        Assert.False(install.ContainsKey("HOME"), "HOME was inherited");
        Assert.False(install.ContainsKey("CHARM_SIM_TEST_LEAK"), "the simulator's environment leaked into the hook");
        Assert.Equal("C.UTF-8", install["LANG"]);
        Assert.Equal("tmux-256color", install["TERM"]);
        Assert.Equal("noninteractive", install["DEBIAN_FRONTEND"]);
        Assert.Equal("none", install["APT_LISTCHANGES_FRONTEND"]);
        Assert.Equal(install["JUJU_CHARM_DIR"], install["CHARM_DIR"]);
        Assert.EndsWith("/bin", install["PATH"].Split(':')[0], StringComparison.Ordinal);
        Assert.Equal(Path.Combine(install["PATH"].Split(':')[0], "relation-get"), hooks["which"]["relation-get"]);
        foreach (var empty in new[] { "JUJU_API_ADDRESSES", "JUJU_MACHINE_ID", "JUJU_AVAILABILITY_ZONE", "CLOUD_API_VERSION", "JUJU_CHARM_HTTP_PROXY", "JUJU_CHARM_HTTPS_PROXY", "JUJU_CHARM_FTP_PROXY", "JUJU_CHARM_NO_PROXY" })
        {
            Assert.True(install.ContainsKey(empty), $"{empty} is not set");
        }

        // Every variable is Juju's, the terminal/locale ones Juju adds on Ubuntu, or the simulator's own few (documented).
        string[] allowed = ["PATH", "LANG", "TERM", "DEBIAN_FRONTEND", "APT_LISTCHANGES_FRONTEND", "CHARM_DIR", "CLOUD_API_VERSION", "PWD", "SHLVL", "_"];
        Assert.All(install.Keys, k => Assert.True(
            k.StartsWith("JUJU_", StringComparison.Ordinal) || k.StartsWith("CHARM_SIM", StringComparison.Ordinal) || k == "SIM_HOSTNAME" || allowed.Contains(k),
            $"{k} is not a variable Juju sets"));
    }

    [Fact]
    public void JujuRemoteUnitIsSetEmptyWhereThereIsNoRemoteUnit()
    {
        var hooks = RunAndCollect();

        Assert.Equal("", hooks["db-relation-created"]["JUJU_REMOTE_UNIT"]);
        Assert.Equal("other", hooks["db-relation-created"]["JUJU_REMOTE_APP"]);
        Assert.Equal("other/0", hooks["db-relation-joined"]["JUJU_REMOTE_UNIT"]);
    }
}
