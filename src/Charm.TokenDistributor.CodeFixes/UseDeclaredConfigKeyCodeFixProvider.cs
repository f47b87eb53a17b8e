using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Charm.TokenDistributor.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Charm.TokenDistributor.CodeFixes;

/// <summary>
/// CTD5009: a read of an undeclared config key. When the nearest declared option has a property in the generated config
/// class that gives the same type, and the charm's generated <c>Config</c> is in scope, the read becomes that property
/// (<c>Model.Config.GetInt64("clusterport", 0)</c> → <c>Config.ClusterPort</c>); otherwise, for a key written as a
/// string literal, the literal becomes the nearest declared key.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseDeclaredConfigKeyCodeFixProvider)), Shared]
public sealed class UseDeclaredConfigKeyCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UndeclaredConfigKey);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => CodeFixRegistration.RegisterEachAsync(context, needsSemanticModel: true, fix =>
    {
        var diagnostic = fix.Diagnostic;
        if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.ConfigKey, out var key) || key is null)
        {
            return null;
        }

        var document = fix.Document;
        if (diagnostic.Properties.TryGetValue(DiagnosticProperties.ConfigProperty, out var property) && property is not null
            && diagnostic.AdditionalLocations.Count > 0
            && fix.Root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is InvocationExpressionSyntax read
            && TypedConfigInScope(fix.Model!, read, property))
        {
            var replacement = SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.IdentifierName("Config"),
                    SyntaxFactory.IdentifierName(property))
                .WithTriviaFrom(read);
            return CodeAction.Create(
                "Use 'Config." + property + "'",
                c => CodeFixRegistration.ReplaceNodeAsync(document, read, replacement, c),
                equivalenceKey: nameof(UseDeclaredConfigKeyCodeFixProvider) + ".Property");
        }

        if (fix.Root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is LiteralExpressionSyntax literal
            && literal.IsKind(SyntaxKind.StringLiteralExpression))
        {
            var replacement = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(key)).WithTriviaFrom(literal);
            return CodeAction.Create(
                "Use '" + key + "'",
                c => CodeFixRegistration.ReplaceNodeAsync(document, literal, replacement, c),
                equivalenceKey: nameof(UseDeclaredConfigKeyCodeFixProvider) + ".Key");
        }

        return null;
    });

    /// <summary>Whether <c>Config</c> at <paramref name="read"/> binds to the generated config property, whose type has <paramref name="property"/>.</summary>
    private static bool TypedConfigInScope(SemanticModel model, SyntaxNode read, string property)
        => model.LookupSymbols(read.SpanStart, name: "Config").FirstOrDefault() is IPropertySymbol { IsStatic: false } config
            && config.Type.GetMembers(property).OfType<IPropertySymbol>().Any()
            && model.GetEnclosingSymbol(read.SpanStart) is { IsStatic: false };
}
