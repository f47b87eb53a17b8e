using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Charm.TokenDistributor.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Charm.TokenDistributor.CodeFixes;

/// <summary>CTD4001: adds <c>partial</c> to every declaration of the charm class and of the types it is nested in.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFixProvider)), Shared]
public sealed class MakePartialCodeFixProvider : CodeFixProvider
{
    private const string Title = "Make the class partial";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.CharmClassMustBePartial);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => CodeFixRegistration.RegisterEachAsync(context, needsSemanticModel: true, fix =>
    {
        var declaration = fix.Root.FindToken(fix.Diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
        if (declaration is null || fix.Model!.GetDeclaredSymbol(declaration, fix.CancellationToken) is not INamedTypeSymbol type)
        {
            return null;
        }

        var solution = fix.Document.Project.Solution;
        return CodeAction.Create(Title, c => MakePartialAsync(solution, type, c), equivalenceKey: Title);
    });

    private static async Task<Solution> MakePartialAsync(Solution solution, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var declarations = new List<SyntaxReference>();
        for (var t = type; t is not null; t = t.ContainingType)
        {
            declarations.AddRange(t.DeclaringSyntaxReferences);
        }

        foreach (var group in declarations.GroupBy(d => d.SyntaxTree))
        {
            var document = solution.GetDocument(group.Key);
            if (document is null)
            {
                continue;
            }

            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                continue;
            }

            var nodes = new List<TypeDeclarationSyntax>();
            foreach (var reference in group)
            {
                if (await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is TypeDeclarationSyntax node && !node.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    nodes.Add(node);
                }
            }

            if (nodes.Count > 0)
            {
                solution = solution.WithDocumentSyntaxRoot(document.Id, root.ReplaceNodes(nodes, (_, rewritten) => AddPartial(rewritten)));
            }
        }

        return solution;
    }

    /// <summary><c>partial</c> goes last among the modifiers, right before <c>class</c>/<c>record</c>/<c>struct</c>.</summary>
    private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax declaration)
    {
        if (declaration.Modifiers.Count == 0)
        {
            // The keyword's leading trivia (indentation, doc comment) moves to the new first token.
            var keyword = declaration.Keyword;
            var partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            return declaration
                .WithKeyword(keyword.WithLeadingTrivia(SyntaxTriviaList.Empty))
                .WithModifiers(SyntaxFactory.TokenList(partial));
        }

        return declaration.WithModifiers(declaration.Modifiers.Add(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space)));
    }
}
