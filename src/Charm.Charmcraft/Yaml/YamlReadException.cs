using System;

namespace Charm.Charmcraft.Yaml;

/// <summary>A YAML file that cannot be read as charmcraft or Juju would read it; says where and why.</summary>
public sealed class YamlReadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="start">Where in the file.</param>
    public YamlReadException(string message, YamlMark start)
        : base(message) => Start = start;

    /// <summary>Where in the file.</summary>
    public YamlMark Start { get; }
}
