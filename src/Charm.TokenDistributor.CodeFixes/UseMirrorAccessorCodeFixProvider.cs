using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Charm.TokenDistributor.Generators.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Charm.TokenDistributor.CodeFixes;

/// <summary>
/// CTD2001: replaces a hand-built mirror key with the generated accessor: <c>bag["mirror-ca-cert"]</c> becomes
/// <c>CaCert</c>, <c>bag.Set("mirror-ca-cert", v)</c> becomes <c>CaCert = v</c> and <c>bag.Remove("mirror-ca-cert")</c>
/// becomes <c>CaCert = null</c>. The analyzer offers the fix only where the accessor binds as a simple name.
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
            case DiagnosticProperties.FormIndexer when access is ElementAccessExpressionSyntax:
                return name.WithTriviaFrom(access);
            case DiagnosticProperties.FormSet when access is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 2 } set:
                return SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, name, set.ArgumentList.Arguments[1].Expression.WithoutTrivia())
                    .WithTriviaFrom(access);
            case DiagnosticProperties.FormRemove when access is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 }:
                return SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, name, SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression))
                    .WithTriviaFrom(access);
            default:
                return null;
        }
    }
}
