namespace Charm.TokenDistributor.Generators.Generator;

/// <summary>The generator's identity, as stamped on the code it emits.</summary>
internal static class GeneratorInfo
{
    /// <summary>The generator assembly's version.</summary>
    public static string Version { get; } = typeof(GeneratorInfo).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";

    /// <summary>The <c>[GeneratedCode]</c> attribute put on every generated type and member the user did not declare.</summary>
    public static string GeneratedCodeAttribute { get; } =
        "[global::System.CodeDom.Compiler.GeneratedCode(\"" + KnownNames.GeneratorTool + "\", \"" + Version + "\")]";
}
