using Charm.Framework.Dispatch;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Testing;

namespace Charm.Framework.Tests.Hosting;

using State = Charm.Testing.State;

/// <summary>The variables Juju sets for a hook (juju.md, "Dispatch"): every problem is named at once, and a process not started as Juju starts a charm exits 2.</summary>
public sealed class JujuEnvironmentTests
{
    [Fact]
    public void MissingVariablesAreAClearErrorWithoutAStackTrace()
    {
        var stderr = new StringWriter();
        var code = Dispatcher.Run(_ => throw new InvalidOperationException("the charm must not be built"), new DispatchOptions
        {
            Environment = new Dictionary<string, string>(),
            Backend = new InMemoryBackend("app/0", new Testing.State()),
            Error = stderr,
        });

        Assert.Equal(Dispatcher.ExitEnvironmentError, code);
        var text = stderr.ToString();
        Assert.Contains("JUJU_DISPATCH_PATH is not set", text, StringComparison.Ordinal);
        Assert.Contains("JUJU_UNIT_NAME is not set", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("JUJU_DISPATCH_PATH", "install", "expected 'hooks/<event>'")]
    [InlineData("JUJU_UNIT_NAME", "app", "expected '<application>/<number>'")]
    [InlineData("JUJU_UNIT_NAME", "app/x", "expected '<application>/<number>'")]
    [InlineData("JUJU_UNIT_NAME", "app/99999999999999999999", "JUJU_UNIT_NAME is 'app/99999999999999999999'; expected '<application>/<number>' with a number from 0 to 2147483647")]
    [InlineData("JUJU_UNIT_NAME", "app/2147483648", "with a number from 0 to 2147483647")]
    [InlineData("JUJU_UNIT_NAME", "app/+1", "expected '<application>/<number>'")]
    [InlineData("JUJU_REMOTE_UNIT", "dist/99999999999999999999", "JUJU_REMOTE_UNIT is 'dist/99999999999999999999'")]
    [InlineData("JUJU_RELATION_ID", "banana", "expected '<endpoint>:<number>'")]
    [InlineData("JUJU_RELATION_ID", "other:7", "not on endpoint 'cluster'")]
    [InlineData("JUJU_REMOTE_UNIT", "dist", "JUJU_REMOTE_UNIT is 'dist'")]
    public void MalformedVariablesAreNamed(string variable, string value, string expected)
    {
        var env = Hook.RelationChanged(new RelationState("cluster", 7, "dist").WithRemoteUnit(0), 0).ToEnvironment("app/0", "/charm");
        env[variable] = value;

        var error = Assert.Throws<JujuEnvironmentException>(() => JujuEnvironment.Parse(env, "/charm"));

        Assert.Contains(expected, Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void AUnitNumberTooBigForAnIntIsAnEnvironmentErrorNotACrash()
    {
        var stderr = new StringWriter();
        var env = Hook.Install.ToEnvironment("app/0", Path.GetTempPath());
        env["JUJU_UNIT_NAME"] = "app/99999999999999999999";

        var outcome = Dispatcher.RunHook(_ => throw new InvalidOperationException("the charm must not be built"), new DispatchOptions
        {
            Environment = env,
            Backend = new InMemoryBackend("app/0", new Testing.State()),
            StateStore = new Framework.Hosting.InMemoryStateStore(),
            Error = stderr,
            HostName = "h",
        });

        Assert.Equal(Dispatcher.ExitEnvironmentError, outcome.ExitCode);
        Assert.IsType<JujuEnvironmentException>(outcome.Error);
        var text = stderr.ToString();
        Assert.Contains("JUJU_UNIT_NAME is 'app/99999999999999999999'", text, StringComparison.Ordinal);
        Assert.Contains("a number from 0 to 2147483647", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ARelationIdGivenAsANumberIsAccepted()
    {
        var env = Hook.RelationChanged(new RelationState("cluster", 7, "dist").WithRemoteUnit(0), 0).ToEnvironment("app/0", "/charm");
        env["JUJU_RELATION_ID"] = "7";
        Assert.Equal(new RelationId("cluster", 7), JujuEnvironment.Parse(env, "/charm").RelationId);
    }
}
