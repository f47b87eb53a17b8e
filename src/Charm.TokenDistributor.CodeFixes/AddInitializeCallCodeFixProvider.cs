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
using Microsoft.CodeAnalysis.Formatting;

namespace Charm.TokenDistributor.CodeFixes;

/// <summary>
/// CTD4008: makes the generated initialiser the first statement of the constructor, so the token distributor observes
/// its hooks before the charm's own handlers do (as the generated constructor does).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddInitializeCallCodeFixProvider)), Shared]
public sealed class AddInitializeCallCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ConstructorMustInitialize);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => CodeFixRegistration.RegisterEachAsync(context, needsSemanticModel: false, fix =>
    {
        if (!fix.Diagnostic.Properties.TryGetValue(DiagnosticProperties.InitializeMethod, out var method) || method is null
            || fix.Root.FindToken(fix.Diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<ConstructorDeclarationSyntax>().FirstOrDefault() is not { } constructor)
        {
            return null;
        }

        var document = fix.Document;
        return CodeAction.Create("Call " + method + "()", c => AddCallAsync(document, constructor, method, c), equivalenceKey: nameof(AddInitializeCallCodeFixProvider));
    });

    private static Task<Document> AddCallAsync(Document document, ConstructorDeclarationSyntax constructor, string method, CancellationToken cancellationToken)
    {
        var call = SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(SyntaxFactory.IdentifierName(method)));
        ConstructorDeclarationSyntax updated;
        if (constructor.Body is { } body)
        {
            updated = constructor.WithBody(body.WithStatements(body.Statements.Insert(0, call)));
        }
        else if (constructor.ExpressionBody is { } arrow)
        {
            var block = SyntaxFactory.Block(call, SyntaxFactory.ExpressionStatement(arrow.Expression.WithoutTrivia()));
            updated = constructor
                .WithExpressionBody(null)
                .WithSemicolonToken(default)
                .WithParameterList(constructor.ParameterList.WithoutTrailingTrivia())
                .WithInitializer(constructor.Initializer?.WithoutTrailingTrivia())
                .WithBody(block.WithTrailingTrivia(constructor.SemicolonToken.TrailingTrivia));
        }
        else
        {
            return Task.FromResult(document);
        }

        return CodeFixRegistration.ReplaceNodeAsync(document, constructor, updated.WithAdditionalAnnotations(Formatter.Annotation), cancellationToken);
    }
}
