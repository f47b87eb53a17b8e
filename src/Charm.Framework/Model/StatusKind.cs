namespace Charm.Framework.Model;

/// <summary>The workload status names Juju knows.</summary>
public enum StatusKind
{
    /// <summary><c>unknown</c>: nothing was set yet.</summary>
    Unknown,
    /// <summary><c>active</c>: ready to serve.</summary>
    Active,
    /// <summary><c>blocked</c>: needs a human.</summary>
    Blocked,
    /// <summary><c>maintenance</c>: working on itself.</summary>
    Maintenance,
    /// <summary><c>waiting</c>: waiting on something outside its control.</summary>
    Waiting,
    /// <summary><c>error</c>: set by Juju when a hook fails; a charm cannot set it.</summary>
    Error,
}
