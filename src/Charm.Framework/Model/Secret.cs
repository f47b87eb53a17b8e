using System.Globalization;
using Charm.Framework.Hosting;

namespace Charm.Framework.Model;

/// <summary>
/// A Juju secret, by id and/or label (ops' <c>Secret</c>): read its content (<c>secret-get</c>), and, as its owner,
/// change it (<c>secret-set</c>), grant and revoke access (<c>secret-grant</c>/<c>-revoke</c>), remove revisions
/// (<c>secret-remove</c>) and read its metadata (<c>secret-info-get</c>).
/// </summary>
public sealed class Secret
{
    private readonly IJujuBackend _backend;

    internal Secret(IJujuBackend backend, string? id, string? label)
    {
        if (id is null && label is null)
        {
            throw new ArgumentException("A secret is found by its id (secret:…) or its label; give at least one.", nameof(id));
        }

        _backend = backend;
        Id = id;
        Label = label;
    }

    /// <summary>The id (<c>secret:…</c>), when known.</summary>
    public string? Id { get; }

    /// <summary>The label, when known.</summary>
    public string? Label { get; }

    /// <summary>
    /// The content: the revision this unit tracks, or with <paramref name="refresh"/> the latest, which it then tracks;
    /// with <paramref name="peek"/> the latest, just this once.
    /// </summary>
    /// <exception cref="ArgumentException">Both <paramref name="refresh"/> and <paramref name="peek"/>.</exception>
    /// <exception cref="SecretNotFoundException">There is no such secret, or this unit may not read it.</exception>
    public IReadOnlyDictionary<string, string> GetContent(bool refresh = false, bool peek = false)
    {
        if (refresh && peek)
        {
            throw new ArgumentException("Read a secret with refresh or with peek, not both (secret-get takes one of --refresh and --peek).", nameof(peek));
        }

        return _backend.SecretGet(Id, Label, refresh, peek);
    }

    /// <summary>A new revision with <paramref name="content"/> (owner only).</summary>
    public void SetContent(IReadOnlyDictionary<string, string> content) => _backend.SecretSet(RequireId("secret-set"), content, null);

    /// <summary>Changes the metadata (owner only); <paramref name="content"/>, when given, becomes a new revision too.</summary>
    public void Set(SecretOptions options, IReadOnlyDictionary<string, string>? content = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _backend.SecretSet(RequireId("secret-set"), content, options);
    }

    /// <summary>Lets the remote side of <paramref name="relation"/> (or only <paramref name="unit"/> of it) read the secret.</summary>
    public void Grant(Relation relation, string? unit = null)
    {
        ArgumentNullException.ThrowIfNull(relation);
        _backend.SecretGrant(RequireId("secret-grant"), relation.Id, unit);
    }

    /// <summary>Takes back what <see cref="Grant"/> gave.</summary>
    public void Revoke(Relation relation, string? unit = null)
    {
        ArgumentNullException.ThrowIfNull(relation);
        _backend.SecretRevoke(RequireId("secret-revoke"), relation.Id, unit);
    }

    /// <summary>Removes <paramref name="revision"/>, or the whole secret when none is given (owner only).</summary>
    public void Remove(int? revision = null)
    {
        if (revision is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(revision), revision, "A secret revision is a positive number.");
        }

        _backend.SecretRemove(RequireId("secret-remove"), revision);
    }

    /// <summary>The metadata (owner only).</summary>
    public SecretInfo GetInfo() => _backend.SecretInfoGet(Id, Label);

    /// <inheritdoc />
    public override string ToString() => Id ?? "label " + Label;

    private string RequireId(string tool)
        => Id ?? throw new ModelException(string.Create(CultureInfo.InvariantCulture, $"{tool} needs the secret's id, and this secret is known by its label '{Label}' only; get it with JujuModel.GetSecret(id) or read GetInfo().Id first."));
}
