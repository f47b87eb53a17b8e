using Charm.Framework.Model;

namespace Charm.Framework.Events;

/// <summary>
/// <c>secret-changed</c>, <c>secret-rotate</c>, <c>secret-remove</c> or <c>secret-expired</c>: the secret Juju names in
/// <c>JUJU_SECRET_ID</c> (and <c>JUJU_SECRET_LABEL</c>) and, for remove and expired, the revision
/// (<c>JUJU_SECRET_REVISION</c>). Not deferrable (see <see cref="HookEvent.Defer"/>).
/// </summary>
public sealed class SecretEvent : HookEvent
{
    internal SecretEvent(EventKey key, JujuModel model, Secret secret, int? revision)
        : base(key, model)
    {
        Secret = secret;
        Revision = revision;
    }

    /// <summary>The secret.</summary>
    public Secret Secret { get; }

    /// <summary>The revision, for <c>secret-remove</c> and <c>secret-expired</c>.</summary>
    public int? Revision { get; }
}
