using System.Globalization;

namespace Charm.Framework.Model;

/// <summary>How often Juju asks the owner to rotate a secret (<c>secret-add --rotate</c>), which fires <c>secret-rotate</c>.</summary>
public enum SecretRotation
{
    /// <summary><c>never</c>.</summary>
    Never,
    /// <summary><c>hourly</c>.</summary>
    Hourly,
    /// <summary><c>daily</c>.</summary>
    Daily,
    /// <summary><c>weekly</c>.</summary>
    Weekly,
    /// <summary><c>monthly</c>.</summary>
    Monthly,
    /// <summary><c>quarterly</c>.</summary>
    Quarterly,
    /// <summary><c>yearly</c>.</summary>
    Yearly,
}

/// <summary>Who owns a secret Juju creates: the application (its leader manages it) or this unit alone.</summary>
public enum SecretOwner
{
    /// <summary><c>--owner application</c> (ops' default).</summary>
    Application,
    /// <summary><c>--owner unit</c>.</summary>
    Unit,
}

/// <summary>The metadata of <c>secret-add</c> and <c>secret-set</c>; each unset member is left out of the command line.</summary>
public sealed record SecretOptions
{
    /// <summary><c>--label</c>: the name this charm finds the secret by in later hooks.</summary>
    public string? Label { get; init; }

    /// <summary><c>--description</c>.</summary>
    public string? Description { get; init; }

    /// <summary><c>--expire</c>: when the revision expires (sent as RFC 3339), firing <c>secret-expired</c>.</summary>
    public DateTimeOffset? Expire { get; init; }

    /// <summary><c>--rotate</c>.</summary>
    public SecretRotation? Rotate { get; init; }

    /// <summary>The command-line options, in ops 3.x's order: label, description, expire, rotate.</summary>
    internal IEnumerable<string> Arguments()
    {
        if (Label is not null)
        {
            yield return "--label";
            yield return Label;
        }

        if (Description is not null)
        {
            yield return "--description";
            yield return Description;
        }

        if (Expire is { } expire)
        {
            yield return "--expire";
            yield return expire.Offset == TimeSpan.Zero
                ? expire.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
                : expire.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
        }

        if (Rotate is { } rotate)
        {
            yield return "--rotate";
            yield return rotate.ToString().ToLowerInvariant();
        }
    }
}

/// <summary>What <c>secret-info-get</c> says of a secret this unit or application owns.</summary>
/// <param name="Id">The secret's id (<c>secret:…</c>).</param>
/// <param name="Label">Its label, if any.</param>
/// <param name="Revision">Its latest revision.</param>
/// <param name="Owner"><c>application</c> or <c>unit</c>.</param>
/// <param name="Rotation">Its rotation policy, if any (<c>never</c>, <c>hourly</c>, …).</param>
/// <param name="Expires">When it expires, if it does (as Juju printed it).</param>
/// <param name="Description">Its description, if any.</param>
public sealed record SecretInfo(string Id, string? Label, int Revision, string Owner, string? Rotation, string? Expires, string? Description);
