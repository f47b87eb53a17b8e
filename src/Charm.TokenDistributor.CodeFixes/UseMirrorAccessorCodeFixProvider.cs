using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Charm.TokenDistributor.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Charm.TokenDistributor.CodeFixes;

/// <summary>
/// CTD2001: replaces a write of a hand-built mirror key with the generated accessor's setter:
/// <c>bag["mirror-ca-cert"] = v</c> and <c>bag.Set("mirror-ca-cert", v)</c> become <c>CaCert = v</c>. The analyzer
/// reports CTD2001 only where that means the same (a write of a value that is never null or empty to this unit's
/// databag on the accessor's own relation, where the accessor binds as a simple name), so every CTD2001 has this fix
/// and a Fix All (<c>dotnet format analyzers --diagnostics CTD2001</c>) fixes them all; the other accesses are CTD2004.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseMirrorAccessorCodeFixProvider)), Shared]
public sealed class UseMirrorAccessorCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UseMirrorKeyAccessor);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => CodeFixRegistration.RegisterEachAsync(context, needsSemanticModel: false, fix =>
    {
        var diagnostic = fix.Diagnostic;
        if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Accessor, out var accessor) || accessor is null
            || !diagnostic.Properties.TryGetValue(DiagnosticProperties.Form, out var form) || form is null
            || diagnostic.AdditionalLocations.Count == 0)
        {
            return null;
        }

        var access = fix.Root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true);
        if (Replacement(access, accessor, form) is not { } replacement)
        {
            return null;
        }

        var document = fix.Document;
        return CodeAction.Create(
            "Use '" + accessor + "'",
            c => CodeFixRegistration.ReplaceNodeAsync(document, access, replacement, c),
            equivalenceKey: nameof(UseMirrorAccessorCodeFixProvider));
    });

    private static ExpressionSyntax? Replacement(SyntaxNode access, string accessor, string form)
    {
        var name = SyntaxFactory.IdentifierName(accessor);
        switch (form)
        {
            case DiagnosticProperties.FormIndexer when access is ElementAccessExpressionSyntax { Parent: AssignmentExpressionSyntax assignment } && assignment.Left == access:
                return name.WithTriviaFrom(access);
            case DiagnosticProperties.FormSet when access is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 2 } set:
                return SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, name, set.ArgumentList.Arguments[1].Expression.WithoutTrivia())
                    .WithTriviaFrom(access);
            default:
                return null;
        }
    }
}
