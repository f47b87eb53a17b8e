using Charm.TokenDistributor.Generators.Generator;
using Charm.TokenDistributor.Generators.Tests.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Charm.TokenDistributor.Generators.Tests.Generator;

/// <summary>
/// Runs the generator over test sources (real runtime references, nullable on) and checks exactly the diagnostics it
/// reports, at the marked locations. The compiler's own diagnostics are left out: a charm the generator skips does not
/// compile, which is the point of these cases; the real-build tests (Charm.Packaging.Tests) check the build's output.
/// </summary>
internal static class GeneratorDiagnosticVerifier
{
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    /// <summary>Checks that the generator reports exactly <paramref name="expected"/> for <paramref name="source"/>.</summary>
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>A generator test; add sources and additional files to it.</summary>
    public sealed class Test : CSharpSourceGeneratorTest<TokenDistributorGenerator, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestReferences.None;
            TestState.AdditionalReferences.AddRange(TestReferences.All);
            TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
            CompilerDiagnostics = CompilerDiagnostics.None;
            SolutionTransforms.Add(TestOptions.EnableNullable);
        }
    }
}
