using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Charm.Simulator.Model;

namespace Charm.Simulator.Backends;

// secret-set (new metadata, a new revision) and secret-info-get, with the option checks secret-add shares
// (jujuc's secretUpsertCommand: --expire, --rotate, --owner).
internal sealed partial class HookContext
{
    /// <summary>The rotation policies Juju accepts (<c>secrets.RotatePolicy.IsValid</c>).</summary>
    public static IReadOnlyList<string> RotatePolicies { get; } = ["never", "hourly", "daily", "weekly", "monthly", "quarterly", "yearly"];

    /// <summary>
    /// Reads <c>--expire</c> as jujuc does: an RFC 3339 time, the same without a zone (UTC), or a positive Go duration
    /// (<c>24h</c>, <c>1h30m</c>) from now.
    /// </summary>
    public static DateTimeOffset ParseExpire(string spec, DateTimeOffset now)
    {
        if (Rfc3339().IsMatch(spec) && DateTimeOffset.TryParse(spec, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.ToUniversalTime();
        }

        if (Rfc3339NoZone().IsMatch(spec) && DateTimeOffset.TryParse(spec, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var local))
        {
            return local.ToUniversalTime();
        }

        // A duration Go cannot hold (over about 290 years) is not one it parses; a time past the calendar is refused alike.
        var duration = GoDuration(spec);
        if (duration is null || duration > DateTimeOffset.MaxValue - now)
        {
            throw HookToolError.Usage($"expire time or duration \"{spec}\" not valid");
        }

        return duration > TimeSpan.Zero ? now + duration.Value : throw HookToolError.Usage($"negative expire duration \"{spec}\" not valid");
    }

    /// <summary>Checks <c>--rotate</c> against <see cref="RotatePolicies"/>.</summary>
    public static string CheckRotate(string policy)
        => RotatePolicies.Contains(policy) ? policy : throw HookToolError.Usage($"rotate policy \"{policy}\" not valid");

    /// <summary>
    /// <c>secret-set &lt;id&gt; [--label L] [--description D] [--expire T] [--rotate P] [key=value …]</c>: new metadata and,
    /// when the content differs from the latest revision's, a new revision; only its owner (the owning unit, or the owning
    /// application's leader) may set it. Held until the hook succeeds.
    /// </summary>
    public void SecretSet(string id, SecretMetadata metadata, IReadOnlyDictionary<string, string> content)
    {
        CheckSecretKeys(content);
        lock (_gate)
        {
            EnsureOpen();
            var secret = Managed(id, "set");
            if (metadata.Label is { } label && _secrets.Values.Any(s => s.Id != secret.Id && s.Label == label && s.OwnerApplication == secret.OwnerApplication && s.OwnerUnit == secret.OwnerUnit))
            {
                throw HookToolError.Refused($"secret with label \"{label}\" already exists");
            }

            var updated = secret with
            {
                Label = metadata.Label ?? secret.Label,
                Description = metadata.Description ?? secret.Description,
                Expiry = metadata.Expire ?? secret.Expiry,
                Rotation = metadata.Rotate ?? secret.Rotation,
                NextRotation = metadata.Rotate is { } rotate ? NextRotation(rotate) : secret.NextRotation,
            };
            var next = content.ToImmutableSortedDictionary(StringComparer.Ordinal);
            if (next.Count > 0 && !next.SequenceEqual(secret.Content))
            {
                updated = updated with
                {
                    OlderRevisions = updated.OlderRevisions.SetItem(secret.Revision, secret.Content),
                    Revision = secret.Revision + 1,
                    Content = next,
                };
            }

            _secrets = _secrets.SetItem(secret.Id, updated);
        }
    }

    /// <summary>
    /// <c>secret-info-get &lt;id&gt;</c> or <c>--label L</c>: the metadata of a secret this unit may manage (its own, or its
    /// application's for the leader), with this hook's changes; anything else is <c>not found</c>, as in Juju.
    /// </summary>
    public SimulatedSecret SecretInfoGet(string? id, string? label)
    {
        if (id is not null && !SecretUri().IsMatch(id))
        {
            throw HookToolError.Usage($"secret URI \"{id}\" not valid");
        }

        if (id is null && label is null)
        {
            throw HookToolError.Usage("require either a secret URI or label");
        }

        if (id is not null && label is not null)
        {
            throw HookToolError.Usage("specify either a secret URI or label but not both");
        }

        lock (_gate)
        {
            EnsureOpen();
            var found = id is not null ? FindSecret(id) : _secrets.Values.FirstOrDefault(s => s.Label == label && s.IsManagedBy(Unit));
            return found is not null && found.IsManagedBy(Unit)
                ? found
                : throw HookToolError.Refused($"secret \"{(id is null ? label : BareSecretId(id))}\" not found");
        }
    }

    /// <summary>A secret's id without <c>secret:</c> or the model part: the key of <c>secret-info-get</c>'s answer.</summary>
    public static string BareSecretId(string id)
    {
        var slash = id.LastIndexOf('/');
        return slash >= 0 ? id[(slash + 1)..] : id.StartsWith("secret:", StringComparison.Ordinal) ? id["secret:".Length..] : id;
    }

    /// <summary>When a policy set now next asks for rotation (<c>RotatePolicy.NextRotateTime</c>); none for <c>never</c>.</summary>
    private DateTimeOffset? NextRotation(string? policy) => policy switch
    {
        "hourly" => _clock.Now.AddHours(1),
        "daily" => _clock.Now.AddDays(1),
        "weekly" => _clock.Now.AddDays(7),
        "monthly" => _clock.Now.AddMonths(1),
        "quarterly" => _clock.Now.AddMonths(3),
        "yearly" => _clock.Now.AddYears(1),
        _ => null,
    };

    /// <summary>Go's <c>time.ParseDuration</c>: signed, a sequence of decimal numbers each with a unit (ns, us, µs, ms, s, m, h); null if it is not one.</summary>
    private static TimeSpan? GoDuration(string text)
    {
        if (text == "0")
        {
            return TimeSpan.Zero;
        }

        var match = GoDurationPattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        double ticks = 0;
        for (var i = 0; i < match.Groups["n"].Captures.Count; i++)
        {
            var number = double.Parse(match.Groups["n"].Captures[i].Value, CultureInfo.InvariantCulture);
            ticks += number * match.Groups["u"].Captures[i].Value switch
            {
                "ns" => 0.01,
                "us" or "µs" or "μs" => 10,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                _ => TimeSpan.TicksPerHour,
            };
        }

        // Go's durations are int64 nanoseconds (a tick is 100 ns).
        return ticks > long.MaxValue / 100.0
            ? null
            : TimeSpan.FromTicks((long)(match.Groups["sign"].Value == "-" ? -ticks : ticks));
    }

    [GeneratedRegex(@"^(?<sign>[-+]?)(?:(?<n>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?<u>ns|us|µs|μs|ms|s|m|h))+$")]
    private static partial Regex GoDurationPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")]
    private static partial Regex Rfc3339NoZone();

    [GeneratedRegex("^(secret:(//[^/]+/)?)?[0-9a-v]{20}$")]
    private static partial Regex SecretUri();
}

/// <summary>The metadata options of <c>secret-add</c> and <c>secret-set</c>; each <see langword="null"/> one is left as it is.</summary>
internal sealed record SecretMetadata(string? Label = null, string? Description = null, DateTimeOffset? Expire = null, string? Rotate = null);
