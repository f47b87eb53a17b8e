namespace Charm.Framework.Model;

/// <summary>Whose databag it is, which decides what Juju lets this unit do with it.</summary>
public enum DatabagKind
{
    /// <summary>This unit's own databag: read and write.</summary>
    LocalUnit,
    /// <summary>This application's databag: the leader reads and writes it; on a peer relation every unit reads it.</summary>
    LocalApp,
    /// <summary>A remote unit's databag: read only.</summary>
    RemoteUnit,
    /// <summary>The remote application's databag: read only.</summary>
    RemoteApp,
}
