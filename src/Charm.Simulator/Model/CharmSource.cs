using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.Framework.Model;
using Charm.Simulator.Charms;

namespace Charm.Simulator.Model;

/// <summary>
/// Where an application's charm comes from: an in-process factory with its metadata, or a charm directory whose
/// <c>dispatch</c> is run as a real process (its metadata read from <c>metadata.yaml</c> or <c>charmcraft.yaml</c>).
/// </summary>
public sealed class CharmSource
{
    private CharmSource(CharmSourceKind kind, CharmMetadata metadata, Func<CharmContext, CharmBase>? factory, string? directory)
    {
        Kind = kind;
        Metadata = metadata;
        Factory = factory;
        Directory = directory;
    }

    /// <summary>
    /// The config options the charm declares (its <c>config.yaml</c>): their defaults are what <c>config-get</c> shows,
    /// and <c>config</c> changes are checked against them as <c>juju config</c> checks them. Null when the charm declares
    /// none the simulator can see (an in-process charm, a directory without <c>config.yaml</c>): then nothing is checked.
    /// </summary>
    public CharmConfigOptions? Config { get; private init; }

    /// <summary>The actions the charm declares (its <c>actions.yaml</c>); null when unknown, and then nothing is checked.</summary>
    public CharmActions? Actions { get; private init; }

    /// <summary>The <c>.charm</c> file this charm was unpacked from, if any.</summary>
    public string? Archive { get; private init; }

    /// <summary>How the charm runs.</summary>
    public CharmSourceKind Kind { get; }

    /// <summary>The charm's endpoints.</summary>
    public CharmMetadata Metadata { get; }

    /// <summary>Builds the charm for one hook; set for <see cref="CharmSourceKind.InProcess"/>.</summary>
    public Func<CharmContext, CharmBase>? Factory { get; }

    /// <summary>The charm directory (absolute); set for <see cref="CharmSourceKind.Directory"/>.</summary>
    public string? Directory { get; }

    /// <summary>A charm built in this process by <paramref name="factory"/>, declaring <paramref name="metadata"/>.</summary>
    public static CharmSource InProcess(Func<CharmContext, CharmBase> factory, CharmMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(metadata);
        return new CharmSource(CharmSourceKind.InProcess, metadata, factory, null);
    }

    /// <summary>
    /// A charm directory: it must hold an executable <c>dispatch</c>; its endpoints are read from <c>metadata.yaml</c>
    /// or <c>charmcraft.yaml</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The directory or its <c>dispatch</c> is missing, or <c>dispatch</c> is not executable.</exception>
    /// <exception cref="FormatException">The metadata cannot be read.</exception>
    public static CharmSource FromDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new ArgumentException($"The charm directory '{full}' does not exist.", nameof(directory));
        }

        var dispatch = Path.Combine(full, "dispatch");
        if (!File.Exists(dispatch))
        {
            throw new ArgumentException(
                $"'{full}' is not a charm directory: it has no 'dispatch' file. Juju runs '<charm>/dispatch' for every hook; "
                + "build the charm (or unpack the .charm archive) first.",
                nameof(directory));
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(dispatch) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
        {
            throw new ArgumentException($"'{dispatch}' is not executable; make it so with chmod +x '{dispatch}'.", nameof(directory));
        }

        string? Sibling(string name) => File.Exists(Path.Combine(full, name)) ? File.ReadAllText(Path.Combine(full, name)) : null;
        return new CharmSource(CharmSourceKind.Directory, CharmMetadata.Load(full), null, full)
        {
            Config = Sibling("config.yaml") is { } config ? CharmConfigOptions.Parse(config) : null,
            Actions = Sibling("actions.yaml") is { } actions ? CharmActions.Parse(actions) : null,
        };
    }

    /// <summary>
    /// A <c>.charm</c> archive, checked and unpacked as Juju does (see <see cref="CharmArchive"/>) into a new temporary
    /// directory (<paramref name="directory"/>, when given, must not exist yet). An archive without <c>config.yaml</c>
    /// has no options and one without <c>actions.yaml</c> no actions, as on Juju.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="FormatException">Juju would refuse the archive; the message gives Juju's reason.</exception>
    public static CharmSource FromArchive(string archive, string? directory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(archive);
        var full = Path.GetFullPath(archive);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"The charm archive '{full}' does not exist; build it first (charmcraft pack, or samples/build-charms.sh for the samples).", full);
        }

        var target = directory is null ? System.IO.Directory.CreateTempSubdirectory("charm-sim-charm-").FullName : Path.GetFullPath(directory);
        if (directory is not null && (System.IO.Directory.Exists(target) || File.Exists(target)))
        {
            throw new ArgumentException($"'{target}' already exists; give a new directory to unpack the charm into.", nameof(directory));
        }

        System.IO.Directory.CreateDirectory(target);
        CharmArchive.Extract(full, target);
        var unpacked = FromDirectory(target);
        return new CharmSource(CharmSourceKind.Directory, unpacked.Metadata, null, target)
        {
            Config = unpacked.Config ?? CharmConfigOptions.None,
            Actions = unpacked.Actions ?? CharmActions.None,
            Archive = full,
        };
    }

    /// <summary>A <c>.charm</c> file (<see cref="FromArchive"/>) or a charm directory (<see cref="FromDirectory"/>).</summary>
    public static CharmSource Load(string path)
        => File.Exists(path) ? FromArchive(path) : FromDirectory(path);

    /// <inheritdoc />
    public override string ToString() => Archive ?? (Kind == CharmSourceKind.Directory ? Directory! : "in-process charm");
}
