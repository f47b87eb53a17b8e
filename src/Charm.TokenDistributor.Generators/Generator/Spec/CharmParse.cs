using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Diagnostics;

namespace Charm.TokenDistributor.Generators.Generator.Spec;

/// <summary>
/// What the parser makes of one attributed class: the spec to emit (null when the class cannot be completed), the
/// diagnostics that say what was left out and why, and the endpoints it names (checked against <c>charmcraft.yaml</c>).
/// The three travel apart downstream: the spec holds no location, so an edit that moves code does not re-emit it.
/// </summary>
/// <param name="Spec">The charm to emit, or null.</param>
/// <param name="Diagnostics">Why something was left out; empty for a charm without problems.</param>
/// <param name="Endpoints">The relation endpoints the charm names.</param>
internal sealed record CharmParse(CharmSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, EquatableArray<EndpointUse> Endpoints);
