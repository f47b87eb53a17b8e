using System.Text;
using Charm.Framework.Model;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Model;
using Charm.TokenDistributor.Cli;

namespace Charm.Simulator.Cli.BuiltIn;

/// <summary>
/// The demo charm pair that ships with charm-sim, so a demo runs without building any charm: thin charms over the
/// token distributor library (<see cref="DemoConsumerCharm"/>, <see cref="DemoDistributorCharm"/>), in process, or as
/// real charm directories whose <c>dispatch</c> runs <c>charm-sim charm consumer|distributor</c>.
/// </summary>
internal static class BuiltInCharms
{
    public const string ConsumerName = "microctl";
    public const string DistributorName = "token-distributor";
    public const string Interface = "worker-cluster";

    public static CharmMetadata ConsumerMetadata { get; } = new([new EndpointSpec(DemoConsumerCharm.Endpoint, EndpointRole.Requires, Interface, 1)]);

    public static CharmMetadata DistributorMetadata { get; } = new([new EndpointSpec(DemoDistributorCharm.Endpoint, EndpointRole.Provides, Interface)]);

    /// <summary>
    /// The consumer, in process, driving <paramref name="cliPrefix"/> on the hook's (simulated) clock, waiting up to
    /// <paramref name="pendingWait"/> in a hook for PENDING members (<see langword="null"/>: the library's default).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="cliPrefix"/> holds no word.</exception>
    public static CharmSource Consumer(string cliPrefix, TimeSpan? pendingWait = null)
    {
        var command = ClusterCommand.Parse(cliPrefix);
        return CharmSource.InProcess(ctx => new DemoConsumerCharm(ctx, command, pendingWait), ConsumerMetadata);
    }

    public static CharmSource Distributor()
        => CharmSource.InProcess(ctx => new DemoDistributorCharm(ctx), DistributorMetadata);

    /// <summary>Writes charm directories for the built-in pair under <paramref name="parent"/>, whose dispatch runs this program.</summary>
    public static (string Consumer, string Distributor) WriteDirectories(string parent, string cliPrefix, TimeSpan? pendingWait = null)
    {
        var self = SelfCommand();
        var wait = pendingWait is { } w ? " --pending-wait " + ((long)w.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        var consumer = Write(
            Path.Combine(parent, ConsumerName),
            $"name: {ConsumerName}\nrequires:\n  {DemoConsumerCharm.Endpoint}:\n    interface: {Interface}\n    limit: 1\n",
            $"{self} charm consumer --cli {Quote(cliPrefix)}{wait}");
        var distributor = Write(
            Path.Combine(parent, DistributorName),
            $"name: {DistributorName}\nprovides:\n  {DemoDistributorCharm.Endpoint}:\n    interface: {Interface}\n",
            $"{self} charm distributor");
        return (consumer, distributor);
    }

    /// <summary>How to run this program again from a shell: its launcher, or <c>dotnet charm-sim.dll</c>.</summary>
    private static string SelfCommand()
    {
        var process = Environment.ProcessPath ?? "";
        if (Path.GetFileNameWithoutExtension(process) == "charm-sim")
        {
            return Quote(process);
        }

        var dll = Path.Combine(AppContext.BaseDirectory, "charm-sim.dll");
        return "dotnet " + Quote(dll);
    }

    private static string Write(string directory, string metadata, string command)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "metadata.yaml"), metadata, new UTF8Encoding(false));
        var dispatch = Path.Combine(directory, "dispatch");
        File.WriteAllText(dispatch, "#!/bin/sh\nexec " + command + "\n", new UTF8Encoding(false));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dispatch, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        }

        return directory;
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
