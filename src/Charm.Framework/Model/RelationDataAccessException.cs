namespace Charm.Framework.Model;

/// <summary>A databag access that Juju would refuse. <see cref="Rule"/> names the rule that was broken.</summary>
public sealed class RelationDataAccessException : ModelException
{
    /// <summary>Creates the exception.</summary>
    public RelationDataAccessException(DatabagRule rule, string message)
        : base(message) => Rule = rule;

    /// <summary>The rule that was broken.</summary>
    public DatabagRule Rule { get; }
}
