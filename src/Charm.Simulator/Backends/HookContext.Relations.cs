using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Charm.Framework.Events;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Model;
using Charm.Simulator.Scheduler;

namespace Charm.Simulator.Backends;

// Relations: relation-ids/list/get/set as the unit sees them in this hook, writes buffered until the hook commits.
internal sealed partial class HookContext
{
    /// <summary><c>relation-ids &lt;endpoint&gt;</c>: the relations of this unit on the endpoint (one being broken in this hook too: Juju lists it while it is dying).</summary>
    public IReadOnlyList<RelationId> RelationIds(string endpoint)
    {
        lock (_gate)
        {
            EnsureOpen();
            return
            [
                .. _model.RelationsOf(AppName)
                    .Where(r => r.EndpointOf(AppName) == endpoint && r.Members.ContainsKey(Unit.Name))
                    .OrderBy(r => r.Number)
                    .Select(r => r.IdFor(AppName)),
            ];
        }
    }

    /// <summary><c>relation-list -r &lt;id&gt;</c>: the remote units this unit has seen join.</summary>
    public IReadOnlyList<string> RelationUnits(RelationId relation)
    {
        lock (_gate)
        {
            EnsureOpen();
            return Find(relation).UnitsSeenBy(Unit.Name);
        }
    }

    /// <summary><c>relation-list --app -r &lt;id&gt;</c>: the remote application.</summary>
    public string RelationRemoteApp(RelationId relation)
    {
        lock (_gate)
        {
            EnsureOpen();
            return Find(relation).RemoteApplicationOf(AppName);
        }
    }

    /// <summary><c>relation-get -r &lt;id&gt; [--app] - &lt;member&gt;</c>.</summary>
    public IReadOnlyDictionary<string, string> RelationGet(RelationId relation, string member, bool isApp)
    {
        lock (_gate)
        {
            EnsureOpen();
            var r = Find(relation);
            if (isApp)
            {
                if (member == AppName)
                {
                    if (JujuAgentRules.OwnAppReadRefusal(r.IsPeer, Unit.IsLeader) is { } refusal)
                    {
                        throw HookToolError.Refused(refusal);
                    }

                    return Overlay(r.ApplicationData(AppName), Pending(r.Number, isApp: true, create: false));
                }

                if (member == r.RemoteApplicationOf(AppName))
                {
                    return r.ApplicationData(member);
                }

                throw HookToolError.Refused(JujuAgentRules.AppNotInRelation(member, relation));
            }

            if (member == Unit.Name)
            {
                var own = r.HasUnitData(Unit.Name) ? r.UnitData(Unit.Name) : DefaultUnitData();
                return Overlay(own, Pending(r.Number, isApp: false, create: false));
            }

            if (UnitName.TryParse(member, out var remote) && remote.Application == r.RemoteApplicationOf(AppName) && r.HasUnitData(member))
            {
                return r.UnitData(member);
            }

            throw HookToolError.Refused(JujuAgentRules.UnitSettingsNotFound(member, relation));
        }
    }

    /// <summary><c>relation-set -r &lt;id&gt; [--app]</c>: buffered until the hook succeeds; an empty value deletes the key.</summary>
    public void RelationSet(RelationId relation, bool isApp, IReadOnlyDictionary<string, string> changes)
    {
        lock (_gate)
        {
            EnsureOpen();
            var r = Find(relation);
            if (isApp && !Unit.IsLeader)
            {
                // Juju's relation-set says only this (the framework's in-memory agent adds "permission denied").
                throw HookToolError.Refused("cannot write relation settings");
            }

            if (JujuAgentRules.RelationSetRefusal(isApp, Unit.IsLeader, changes.Keys) is { } refusal)
            {
                throw HookToolError.Refused(refusal);
            }

            Pending(r.Number, isApp, create: true)!.WriteAll(changes);
        }
    }

    private SimulatedRelation Find(RelationId id)
    {
        var relation = _model.FindRelation(id.Number);
        if (relation is null || !relation.Involves(AppName) || relation.EndpointOf(AppName) != id.Endpoint || !relation.Members.ContainsKey(Unit.Name))
        {
            throw HookToolError.Usage(JujuAgentRules.RelationNotFound(id.ToString()));
        }

        return relation;
    }

    private DatabagWrites? Pending(int relation, bool isApp, bool create)
    {
        if (!_pending.TryGetValue((relation, isApp), out var pending) && create)
        {
            pending = new DatabagWrites();
            _pending[(relation, isApp)] = pending;
        }

        return pending;
    }

    private Dictionary<string, string> DefaultUnitData() => new(JujuAgentRules.UnitAddressKeys(Unit.Address), StringComparer.Ordinal);

    private static IReadOnlyDictionary<string, string> Overlay(IReadOnlyDictionary<string, string> data, DatabagWrites? pending)
        => pending is null ? data : pending.Overlay(data);
}
