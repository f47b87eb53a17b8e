using Charm.Framework;
using Charm.Framework.Events;
using Charm.Framework.Dispatch;
using Charm.Framework.Model;
using Charm.Simulator.Model;

namespace Charm.Simulator.Tests.Support;

/// <summary>
/// The in-process twin of the shell greeter (<c>ProgramPaths.MakeGreeterCharm</c>): its <c>greet</c> action reads
/// <c>who</c>, logs, adds a unit-owned secret, sets the same results, fails the action for <c>nobody</c> and crashes for
/// <c>crash</c>; its <c>expose</c> action opens ports and sets a secret's new revision as the shell greeter's does.
/// </summary>
internal sealed class InProcessGreeter : CharmBase
{
    public InProcessGreeter(CharmContext context)
        : base(context)
    {
        Framework.Observe<ActionEvent>(EventKey.Action("greet"), "greeter.greet", OnGreet);
        Framework.Observe<ActionEvent>(EventKey.Action("expose"), "greeter.expose", OnExpose);
    }

    public static CharmSource Source => CharmSource.InProcess(context => new InProcessGreeter(context), new CharmMetadata([]));

    private void OnExpose(ActionEvent e)
    {
        Unit.OpenPort(OpenedPort.Tcp(8443));
        Unit.OpenPort(OpenedPort.Icmp);
        var secret = Unit.AddSecret(new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = "first" });
        secret.Set(new SecretOptions { Label = "exposed" }, new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = "second" });
        e.SetResults(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["ports"] = string.Join(",", Unit.OpenedPorts()),
            ["revision"] = secret.GetInfo().Revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    private void OnGreet(ActionEvent e)
    {
        var who = e.Parameters.GetRequiredString("who");
        e.Log("greeting " + who);
        var secret = Unit.AddSecret(new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = who });
        e.SetResults(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["greeting"] = "hello " + who,
            ["detail"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["action"] = e.ActionName, ["id"] = e.Id, ["secret"] = secret.Id },
        });
        if (who == "nobody")
        {
            e.Fail("no one to greet");
        }

        if (who == "crash")
        {
            throw new InvalidOperationException("the greeter crashes on purpose");
        }
    }
}
