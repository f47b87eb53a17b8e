using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.Framework.Model;

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

        return new CharmSource(CharmSourceKind.Directory, CharmMetadata.Load(full), null, full);
    }

    /// <inheritdoc />
    public override string ToString() => Kind == CharmSourceKind.Directory ? Directory! : "in-process charm";
}
