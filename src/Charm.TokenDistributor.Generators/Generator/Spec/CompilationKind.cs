namespace Charm.TokenDistributor.Generators.Generator.Spec;

/// <summary>What the compilation builds, as far as the generated entry point is concerned.</summary>
internal enum CompilationKind
{
    /// <summary>A library (or anything that is not an executable): no entry point is generated.</summary>
    Library,

    /// <summary>An executable whose author wrote no entry point: one may be generated.</summary>
    Executable,

    /// <summary>An executable with a static <c>Main</c> or top-level statements: none is generated.</summary>
    ExecutableWithEntryPoint,
}
