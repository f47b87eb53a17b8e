using System;

namespace Charm.TokenDistributor.Generators.Analyzers.Flow;

/// <summary>Where a <c>Databag</c> (or a sequence of remote unit databags) may come from; a set of possibilities.</summary>
[Flags]
internal enum DatabagOrigin
{
    None = 0,

    /// <summary><c>Relation.LocalUnitData</c>.</summary>
    LocalUnit = 1,

    /// <summary><c>Relation.LocalAppData</c>.</summary>
    LocalApp = 2,

    /// <summary><c>Relation.RemoteUnitData(unit)</c>, or the databag of an element of <c>RemoteUnitsData()</c>.</summary>
    RemoteUnit = 4,

    /// <summary><c>Relation.RemoteAppData</c>.</summary>
    RemoteApp = 8,

    /// <summary>Anything the analysis cannot see through: a parameter, a field, a call.</summary>
    Unknown = 16,

    /// <summary>The sequence <c>Relation.RemoteUnitsData()</c> (or a query over it).</summary>
    RemoteUnitsSequence = 32,

    /// <summary>One <c>(Unit, Data)</c> element of <see cref="RemoteUnitsSequence"/>.</summary>
    RemoteUnitsElement = 64,

    Remote = RemoteUnit | RemoteApp,
}
