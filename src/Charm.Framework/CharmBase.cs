using Charm.Framework.Dispatch;
using Charm.Framework.Model;

namespace Charm.Framework;

/// <summary>The base class of a charm. Its constructor runs once per hook and observes the events it handles.</summary>
public abstract class CharmBase
{
    /// <summary>Creates the charm for this hook.</summary>
    protected CharmBase(CharmContext context)
    {
        Context = context ?? throw new ArgumentNullException(nameof(context));
    }

    /// <summary>Everything the charm was constructed with.</summary>
    public CharmContext Context { get; }

    /// <summary>The event machinery.</summary>
    public CharmFramework Framework => Context.Framework;

    /// <summary>The model.</summary>
    public JujuModel Model => Context.Model;

    /// <summary>This unit.</summary>
    public Unit Unit => Context.Model.Unit;

    /// <summary>This application.</summary>
    public Application App => Context.Model.App;

    /// <summary>The unit's log.</summary>
    public JujuLogger Log => Context.Model.Log;
}
