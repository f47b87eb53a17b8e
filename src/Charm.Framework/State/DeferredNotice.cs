namespace Charm.Framework.State;

/// <summary>
/// A deferred event as it is saved between hooks: which handler deferred which event, and the hook environment
/// needed to rebuild it.
/// </summary>
/// <param name="ObserverId">The stable id the handler was registered under.</param>
/// <param name="HookName">The hook the event came from, e.g. <c>cluster-relation-changed</c>.</param>
/// <param name="RelationId">For relation events, <c>endpoint:number</c>.</param>
/// <param name="RemoteApp">For relation events, <c>JUJU_REMOTE_APP</c>.</param>
/// <param name="RemoteUnit">For relation events, <c>JUJU_REMOTE_UNIT</c>.</param>
/// <param name="DepartingUnit">For departed events, <c>JUJU_DEPARTING_UNIT</c>.</param>
public sealed record DeferredNotice(
    string ObserverId,
    string HookName,
    string? RelationId = null,
    string? RemoteApp = null,
    string? RemoteUnit = null,
    string? DepartingUnit = null);
