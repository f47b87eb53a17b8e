namespace Charm.Framework;

/// <summary>The base of every error the framework raises about the Juju model (hook tools, databag rules, state).</summary>
public class ModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
