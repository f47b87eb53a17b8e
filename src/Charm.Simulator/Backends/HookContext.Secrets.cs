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

// Secrets: secret-add/get/grant/revoke/remove/ids as the unit sees them.
internal sealed partial class HookContext
{
    /// <summary>
    /// <c>secret-add</c>: a new secret owned by this unit's application (leader only) or by this unit; buffered until the
    /// hook succeeds. Returns its id.
    /// </summary>
    public string SecretAdd(bool unitOwned, SecretMetadata metadata, IReadOnlyDictionary<string, string> content)
    {
        if (content.Count == 0)
        {
            throw HookToolError.Usage("missing secret value or filename");
        }

        CheckSecretKeys(content);
        var label = metadata.Label;

        lock (_gate)
        {
            EnsureOpen();
            if (!unitOwned && !Unit.IsLeader)
            {
                throw HookToolError.Refused("permission denied: only the leader may add a secret owned by the application; a non-leader unit can add one with --owner unit");
            }

            var owner = unitOwned ? Unit.Name : null;
            if (label is not null && _secrets.Values.Any(s => s.Label == label && s.OwnerApplication == AppName && s.OwnerUnit == owner))
            {
                throw HookToolError.Refused($"secret with label \"{label}\" already exists");
            }

            var id = NewSecretId(++_secretsMade);
            var secret = new SimulatedSecret(
                id,
                AppName,
                owner,
                label,
                metadata.Description,
                1,
                content.ToImmutableSortedDictionary(StringComparer.Ordinal),
                [],
                ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal))
            {
                Rotation = metadata.Rotate,
                Expiry = metadata.Expire,
                NextRotation = NextRotation(metadata.Rotate),
            };
            _secrets = _secrets.SetItem(id, secret);
            return id;
        }
    }

    /// <summary>
    /// <c>secret-get [&lt;id&gt;] [--label L]</c>: the content of a secret this unit owns or was granted, found by id or
    /// by label; a consumer giving both an id and a label labels the secret for itself.
    /// </summary>
    /// <remarks>
    /// The owner reads the latest revision. A consumer reads the revision it tracks, which its first read sets to the
    /// latest; <paramref name="refresh"/> moves it to the latest, <paramref name="peek"/> reads the latest without moving it.
    /// </remarks>
    public IReadOnlyDictionary<string, string> SecretGet(string? id, string? label, bool refresh, bool peek)
    {
        if (refresh && peek)
        {
            throw HookToolError.Usage("specify one of --peek or --refresh but not both");
        }

        if (id is null && label is null)
        {
            throw HookToolError.Usage("require either a secret URI or label");
        }

        lock (_gate)
        {
            EnsureOpen();
            SimulatedSecret secret;
            if (id is not null)
            {
                secret = Readable(id);
                if (label is not null && !secret.IsOwnedBy(Unit) && secret.ConsumerLabels.GetValueOrDefault(Unit.Name) != label)
                {
                    secret = secret with { ConsumerLabels = secret.ConsumerLabels.SetItem(Unit.Name, label) };
                    _secrets = _secrets.SetItem(secret.Id, secret);
                }
            }
            else
            {
                var found = _secrets.Values.FirstOrDefault(s => s.Label == label && s.IsOwnedBy(Unit))
                    ?? _secrets.Values.FirstOrDefault(s => s.ConsumerLabels.GetValueOrDefault(Unit.Name) == label && CanRead(s));
                secret = found ?? throw HookToolError.Refused($"secret with label \"{label}\" not found");
            }

            if (secret.IsOwnedBy(Unit))
            {
                return secret.Content;
            }

            var tracked = secret.TrackedRevisions.TryGetValue(Unit.Name, out var revision) && !refresh ? revision : secret.Revision;
            if (peek)
            {
                return secret.Content;
            }

            if (secret.TrackedRevisions.GetValueOrDefault(Unit.Name) != tracked)
            {
                secret = secret with { TrackedRevisions = secret.TrackedRevisions.SetItem(Unit.Name, tracked) };
                _secrets = _secrets.SetItem(secret.Id, secret);
            }

            return secret.ContentOf(tracked) ?? secret.Content;
        }
    }

    /// <summary><c>secret-grant &lt;id&gt; -r &lt;relation&gt; [--unit U]</c>: the remote application (or one of its units) may read it.</summary>
    public void SecretGrant(string id, RelationId relation, string? unit)
    {
        lock (_gate)
        {
            EnsureOpen();
            var secret = Managed(id, "grant");
            var r = Find(relation);
            var remote = r.RemoteApplicationOf(AppName);
            if (unit is not null && (!unit.StartsWith(remote + "/", StringComparison.Ordinal) || !r.Members.ContainsKey(unit)))
            {
                throw HookToolError.Refused($"cannot grant secret {secret.Id} to unit \"{unit}\": it is not a unit of {remote} in relation {relation}");
            }

            var grant = new SecretGrant(r.Number, unit ?? remote);
            if (!secret.Grants.Contains(grant))
            {
                _secrets = _secrets.SetItem(secret.Id, secret with { Grants = secret.Grants.Add(grant) });
            }
        }
    }

    /// <summary><c>secret-revoke &lt;id&gt; [-r &lt;relation&gt;] [--app A] [--unit U]</c>: withdraws the matching grants.</summary>
    public void SecretRevoke(string id, RelationId? relation, string? app, string? unit)
    {
        lock (_gate)
        {
            EnsureOpen();
            var secret = Managed(id, "revoke");
            var number = relation is { } rid ? Find(rid).Number : (int?)null;
            var kept = secret.Grants.RemoveAll(g =>
                (number is null || g.Relation == number)
                && (app is null || g.Grantee == app || g.Grantee.StartsWith(app + "/", StringComparison.Ordinal))
                && (unit is null || g.Grantee == unit));
            _secrets = _secrets.SetItem(secret.Id, secret with { Grants = kept });
        }
    }

    /// <summary><c>secret-remove &lt;id&gt; [--revision N]</c>: removes one revision, or the secret (with its last revision, or without <c>--revision</c>).</summary>
    public void SecretRemove(string id, int? revision)
    {
        lock (_gate)
        {
            EnsureOpen();
            var secret = Managed(id, "remove");
            if (revision is { } n)
            {
                if (secret.ContentOf(n) is null)
                {
                    var kept = string.Join(", ", secret.OlderRevisions.Keys.Append(secret.Revision).Select(r => r.ToString(CultureInfo.InvariantCulture)));
                    throw HookToolError.Refused($"secret revision {n.ToString(CultureInfo.InvariantCulture)} for {secret.Id} not found (it has revisions {kept})");
                }

                if (n != secret.Revision)
                {
                    _secrets = _secrets.SetItem(secret.Id, secret with { OlderRevisions = secret.OlderRevisions.Remove(n) });
                    return;
                }

                if (!secret.OlderRevisions.IsEmpty)
                {
                    var previous = secret.OlderRevisions.Keys.Max();
                    _secrets = _secrets.SetItem(secret.Id, secret with { Revision = previous, Content = secret.OlderRevisions[previous], OlderRevisions = secret.OlderRevisions.Remove(previous) });
                    return;
                }
            }

            _secrets = _secrets.Remove(secret.Id);
        }
    }

    /// <summary><c>secret-ids</c>: the secrets this unit or its application owns.</summary>
    public IReadOnlyList<string> SecretIds()
    {
        lock (_gate)
        {
            EnsureOpen();
            return [.. _secrets.Values.Where(s => s.IsOwnedBy(Unit)).Select(s => s.Id)];
        }
    }

    /// <summary>A secret this unit may read, by any of the id forms Juju prints (<c>secret:x</c>, <c>secret://model/x</c>, <c>x</c>).</summary>
    private SimulatedSecret Readable(string id)
    {
        var secret = FindSecret(id) ?? throw HookToolError.Refused($"secret \"{id}\" not found");
        return CanRead(secret) ? secret : throw HookToolError.Refused($"permission denied: {Unit.Name} neither owns {secret.Id} nor was granted it (its owner grants it with secret-grant over a relation)");
    }

    /// <summary>A secret this unit may change: the owning unit, or the owning application's leader.</summary>
    private SimulatedSecret Managed(string id, string what)
    {
        var secret = FindSecret(id);
        if (secret is null || !CanRead(secret))
        {
            throw HookToolError.Refused($"secret \"{id}\" not found");
        }

        if (!secret.IsManagedBy(Unit))
        {
            var who = secret.OwnerUnit ?? $"the leader of {secret.OwnerApplication}";
            throw HookToolError.Refused($"permission denied: only its owner ({who}) may {what} secret {secret.Id}");
        }

        return secret;
    }

    private SimulatedSecret? FindSecret(string id) => _secrets.GetValueOrDefault("secret:" + BareSecretId(id));

    private bool CanRead(SimulatedSecret secret)
        => secret.IsOwnedBy(Unit)
            || secret.Grants.Any(g => (g.Grantee == AppName || g.Grantee == Unit.Name) && _model.FindRelation(g.Relation) is not null);

    private static void CheckSecretKeys(IReadOnlyDictionary<string, string> content)
    {
        foreach (var key in content.Keys)
        {
            if (!SecretKey().IsMatch(key))
            {
                throw HookToolError.Usage($"secret key \"{key}\" not valid: use at least 3 lower-case letters, digits and single hyphens, starting with a letter");
            }
        }
    }

    [GeneratedRegex("^[a-z](?:-?[a-z0-9]){2,}$")]
    private static partial Regex SecretKey();

    /// <summary>A Juju-looking secret id (20 base32hex characters), the same for the same model and count.</summary>
    private string NewSecretId(int number)
    {
        const string Alphabet = "0123456789abcdefghijklmnopqrstuv";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(_model.Uuid + "/" + number.ToString(CultureInfo.InvariantCulture)));
        var text = new StringBuilder("secret:", 27);
        for (var i = 0; i < 20; i++)
        {
            text.Append(Alphabet[hash[i] % 32]);
        }

        return text.ToString();
    }
}
