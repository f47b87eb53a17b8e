using System.Collections.Immutable;
using System.Globalization;
using Charm.Framework.Model;

namespace Charm.Testing;

/// <summary>
/// The secret tools against <see cref="State.Secrets"/>. Changes are held until the hook ends and kept only when it
/// succeeds, as Juju commits a hook's secret changes with the rest. A secret that does not exist, or that this unit
/// neither owns nor was granted, is <c>not found</c> (which the framework maps to <c>SecretNotFoundException</c>).
/// </summary>
public sealed partial class InMemoryBackend
{
    private ImmutableArray<SecretState>? _secrets;

    private ImmutableArray<SecretState> Secrets => _secrets ??= _input.Secrets;

    /// <inheritdoc />
    public string SecretAdd(IReadOnlyDictionary<string, string> content, SecretOwner owner, SecretOptions options)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        _calls.Add(new BackendCall("secret-add", $"--owner {(owner == SecretOwner.Unit ? "unit" : "application")}{(options.Label is { } l ? " --label " + l : "")}", new Dictionary<string, string>(content, StringComparer.Ordinal)));
        if (owner == SecretOwner.Application && !_input.Leader)
        {
            throw Fail("secret-add", "this unit is not the leader");
        }

        if (options.Label is { } label && Secrets.Any(s => s.Label == label))
        {
            throw Fail("secret-add", $"secret with label \"{label}\" already exists");
        }

        var id = "secret:" + (Secrets.Length + 1).ToString("d20", CultureInfo.InvariantCulture);
        var secret = SecretState.Create(id, content, owner, options.Label) with { Description = options.Description, Expire = options.Expire, Rotate = options.Rotate };
        _secrets = Secrets.Add(secret);
        return id;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> SecretGet(string? id, string? label, bool refresh, bool peek)
    {
        _calls.Add(new BackendCall("secret-get", $"{id}{(label is null ? "" : " --label " + label)}{(refresh ? " --refresh" : "")}{(peek ? " --peek" : "")}"));
        var secret = FindSecret("secret-get", id, label);
        var owned = secret.Owner is not null;
        var revision = owned || refresh || peek || secret.TrackedRevision == 0 ? secret.LatestRevision : secret.TrackedRevision;
        var updated = secret with
        {
            Label = label ?? secret.Label,
            TrackedRevision = owned ? secret.TrackedRevision : refresh || secret.TrackedRevision == 0 ? secret.LatestRevision : secret.TrackedRevision,
        };
        Replace(secret, updated);
        return secret.Revisions.TryGetValue(revision, out var content) ? content : throw Fail("secret-get", $"secret revision {revision} not found");
    }

    /// <inheritdoc />
    public void SecretSet(string id, IReadOnlyDictionary<string, string>? content, SecretOptions? options)
    {
        _calls.Add(new BackendCall("secret-set", id, content is null ? null : new Dictionary<string, string>(content, StringComparer.Ordinal)));
        var secret = OwnedSecret("secret-set", id);
        var updated = secret with
        {
            Label = options?.Label ?? secret.Label,
            Description = options?.Description ?? secret.Description,
            Expire = options?.Expire ?? secret.Expire,
            Rotate = options?.Rotate ?? secret.Rotate,
        };
        if (content is { Count: > 0 })
        {
            updated = updated with { Revisions = updated.Revisions.Add(updated.LatestRevision + 1, content.ToImmutableSortedDictionary(StringComparer.Ordinal)) };
        }

        Replace(secret, updated);
    }

    /// <inheritdoc />
    public void SecretGrant(string id, RelationId relation, string? unit)
    {
        _calls.Add(new BackendCall("secret-grant", $"--relation {relation.Number.ToString(CultureInfo.InvariantCulture)}{(unit is null ? "" : " --unit " + unit)} {id}"));
        _ = Find("secret-grant", relation);
        var secret = OwnedSecret("secret-grant", id);
        Replace(secret, secret with { Grants = secret.Grants.Add(GrantKey(relation, unit)) });
    }

    /// <inheritdoc />
    public void SecretRevoke(string id, RelationId relation, string? unit)
    {
        _calls.Add(new BackendCall("secret-revoke", $"--relation {relation.Number.ToString(CultureInfo.InvariantCulture)}{(unit is null ? "" : " --unit " + unit)} {id}"));
        _ = Find("secret-revoke", relation);
        var secret = OwnedSecret("secret-revoke", id);
        Replace(secret, secret with { Grants = secret.Grants.Remove(GrantKey(relation, unit)) });
    }

    /// <inheritdoc />
    public void SecretRemove(string id, int? revision)
    {
        _calls.Add(new BackendCall("secret-remove", revision is { } r ? $"{id} --revision {r.ToString(CultureInfo.InvariantCulture)}" : id));
        var secret = OwnedSecret("secret-remove", id);
        if (revision is { } number)
        {
            if (!secret.Revisions.ContainsKey(number))
            {
                throw Fail("secret-remove", $"secret revision {number} not found");
            }

            var left = secret with { Revisions = secret.Revisions.Remove(number) };
            _secrets = left.Revisions.IsEmpty ? Secrets.Remove(secret) : Secrets.Replace(secret, left);
            return;
        }

        _secrets = Secrets.Remove(secret);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> SecretIds()
    {
        _calls.Add(new BackendCall("secret-ids", ""));
        return Secrets.Where(IsOwnedHere).Select(s => s.Id).ToArray();
    }

    /// <inheritdoc />
    public SecretInfo SecretInfoGet(string? id, string? label)
    {
        _calls.Add(new BackendCall("secret-info-get", id ?? "--label " + label));
        var secret = FindSecret("secret-info-get", id, label);
        if (!IsOwnedHere(secret))
        {
            throw Fail("secret-info-get", "permission denied");
        }

        return new SecretInfo(
            secret.Id,
            secret.Label,
            secret.LatestRevision,
            secret.Owner == SecretOwner.Unit ? "unit" : "application",
            secret.Rotate?.ToString().ToLowerInvariant(),
            secret.Expire?.ToString("O", CultureInfo.InvariantCulture),
            secret.Description);
    }

    private bool IsOwnedHere(SecretState secret) => secret.Owner == SecretOwner.Unit || (secret.Owner == SecretOwner.Application && _input.Leader);

    private SecretState FindSecret(string tool, string? id, string? label)
        => Secrets.FirstOrDefault(s => id is not null ? s.Id == id : s.Label == label)
            ?? throw Fail(tool, $"secret {(id is not null ? "\"" + id + "\"" : "with label \"" + label + "\"")} not found");

    private SecretState OwnedSecret(string tool, string id)
    {
        var secret = FindSecret(tool, id, null);
        return IsOwnedHere(secret) ? secret : throw Fail(tool, "permission denied");
    }

    private void Replace(SecretState old, SecretState updated) => _secrets = Secrets.Replace(old, updated);

    private static string GrantKey(RelationId relation, string? unit)
        => unit is null ? relation.Number.ToString(CultureInfo.InvariantCulture) : $"{relation.Number.ToString(CultureInfo.InvariantCulture)}/{unit}";
}
