namespace Charm.Framework.Model;

/// <summary>The Juju databag rule a refused access broke (see the databag table in Juju's documentation).</summary>
public enum DatabagRule
{
    /// <summary>A remote unit's databag is read only.</summary>
    RemoteUnitIsReadOnly,
    /// <summary>A remote application's databag is read only.</summary>
    RemoteAppIsReadOnly,
    /// <summary>Only the leader writes its application's databag.</summary>
    LocalAppWriteRequiresLeadership,
    /// <summary>Only the leader reads its application's databag (except on a peer relation).</summary>
    LocalAppReadRequiresLeadership,
    /// <summary>Keys are non-empty strings without white space; values are strings.</summary>
    InvalidKeyOrValue,
}
