using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Charm.TokenDistributor.Generators.Tests.Analyzers.Infrastructure;

internal static class TestOptions
{
    /// <summary>Test sources are written the way the project's charms are: nullable enabled.</summary>
    public static Solution EnableNullable(Solution solution, ProjectId projectId)
    {
        var project = solution.GetProject(projectId)!;
        var options = (CSharpCompilationOptions)project.CompilationOptions!;
        return solution.WithProjectCompilationOptions(projectId, options.WithNullableContextOptions(NullableContextOptions.Enable));
    }
}
