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

// Actions: action-get/set/fail/log for the action a hook runs.
internal sealed partial class HookContext
{
    /// <summary><c>action-get</c>: the action's parameters.</summary>
    public IReadOnlyDictionary<string, object?> ActionGet()
    {
        lock (_gate)
        {
            return RunningAction().Parameters;
        }
    }

    /// <summary><c>action-set key=value …</c>: results, nested at the dots in a key.</summary>
    public void ActionSet(IReadOnlyList<KeyValuePair<string, string>> values)
    {
        lock (_gate)
        {
            var action = RunningAction();
            foreach (var (key, _) in values)
            {
                foreach (var part in key.Split('.'))
                {
                    if (!ActionKey().IsMatch(part))
                    {
                        throw HookToolError.Refused($"key \"{key}\" must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric, hyphens and periods");
                    }
                }

                if (key is "stdout" or "stdout-encoding" or "stderr" or "stderr-encoding")
                {
                    throw HookToolError.Refused($"cannot set reserved action key \"{key}\"");
                }
            }

            foreach (var (key, value) in values)
            {
                var parts = key.Split('.');
                var map = action.Results;
                foreach (var part in parts[..^1])
                {
                    if (map.GetValueOrDefault(part) is not SortedDictionary<string, object?> inner)
                    {
                        inner = new SortedDictionary<string, object?>(StringComparer.Ordinal);
                        map[part] = inner;
                    }

                    map = inner;
                }

                map[parts[^1]] = value;
            }
        }
    }

    /// <summary><c>action-fail [message]</c>: the action fails (its results are kept).</summary>
    public void ActionFail(string message)
    {
        lock (_gate)
        {
            var action = RunningAction();
            action.Failed = true;
            action.Message = message;
        }
    }

    /// <summary><c>action-log message</c>.</summary>
    public void ActionLog(string message)
    {
        lock (_gate)
        {
            RunningAction().Log.Add(message);
        }
    }

    private ActionState RunningAction()
    {
        EnsureOpen();
        return Action ?? throw HookToolError.Refused($"not running an action: the action tools work only in an action (JUJU_DISPATCH_PATH actions/<name>), and this is the hook {Hook.HookName}");
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex ActionKey();
}
