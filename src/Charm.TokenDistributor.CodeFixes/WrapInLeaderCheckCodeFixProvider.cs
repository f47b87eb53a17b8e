using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Charm.TokenDistributor.Generators.Analyzers;
using Charm.TokenDistributor.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Charm.TokenDistributor.CodeFixes;

/// <summary>
/// CTD1002: wraps the statement that writes the application databag in <c>if (….IsLeader) { … }</c>, through the
/// first way to reach this unit that is in scope: the charm's own <c>Unit</c>, a <c>Unit</c>, a charm, a model or a
/// hook event. A write in the expression body of a lambda or member that returns nothing gets a block body with the
/// guard inside; in one that returns a value, no fix is offered.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WrapInLeaderCheckCodeFixProvider)), Shared]
public sealed class WrapInLeaderCheckCodeFixProvider : CodeFixProvider
{
    private const string TitleFormat = "Write only as the leader: if ({0})";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.AppDatabagWriteWithoutLeadership);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context) => CodeFixRegistration.RegisterEachAsync(context, needsSemanticModel: true, fix =>
    {
        var node = fix.Root.FindNode(fix.Diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);

        // The nearest enclosing statement, unless a lambda or an expression body comes first: the guard must go inside
        // the function that writes, never around a lambda's registration (it runs later) or around a whole member.
        var scope = node.AncestorsAndSelf().FirstOrDefault(n => n is StatementSyntax or AnonymousFunctionExpressionSyntax or ArrowExpressionClauseSyntax);
        return scope switch
        {
            StatementSyntax statement => WrapStatement(fix, statement),
            AnonymousFunctionExpressionSyntax { ExpressionBody: { } body } lambda when body.Span.Contains(node.Span) => WrapLambdaBody(fix, lambda, body),
            ArrowExpressionClauseSyntax arrow => WrapArrowBody(fix, arrow),
            _ => null,
        };
    });

    private static CodeAction? WrapStatement(FixRequest fix, StatementSyntax statement)
    {
        if (statement is LocalDeclarationStatementSyntax or LocalFunctionStatementSyntax
            || statement.Parent is not (BlockSyntax or SwitchSectionSyntax or IfStatementSyntax or ElseClauseSyntax or WhileStatementSyntax or ForStatementSyntax or ForEachStatementSyntax or DoStatementSyntax or UsingStatementSyntax or LockStatementSyntax or FixedStatementSyntax)
            || LeaderCheck.Find(fix.Model!, statement, fix.CancellationToken) is not { } check)
        {
            return null;
        }

        var document = fix.Document;
        return CodeAction.Create(Title(check), c => WrapAsync(document, statement, check, c), equivalenceKey: nameof(WrapInLeaderCheckCodeFixProvider));
    }

    /// <summary><c>_ => write</c> becomes <c>_ => { if (check) { write; } }</c>, for a lambda that returns nothing.</summary>
    private static CodeAction? WrapLambdaBody(FixRequest fix, AnonymousFunctionExpressionSyntax lambda, ExpressionSyntax body)
    {
        if (fix.Model!.GetSymbolInfo(lambda, fix.CancellationToken).Symbol is not IMethodSymbol { ReturnsVoid: true }
            || LeaderCheck.Find(fix.Model!, body, fix.CancellationToken) is not { } check)
        {
            return null;
        }

        var document = fix.Document;
        var block = GuardedBlock(body, check);
        var replacement = lambda.WithBody(block).WithAdditionalAnnotations(Formatter.Annotation);
        return CodeAction.Create(Title(check), c => CodeFixRegistration.ReplaceNodeAsync(document, lambda, replacement, c), equivalenceKey: nameof(WrapInLeaderCheckCodeFixProvider));
    }

    /// <summary>
    /// <c>void M() => write;</c> becomes <c>void M() { if (check) { write; } }</c>, for a method, local function,
    /// constructor or <c>set</c>/<c>init</c> accessor that returns nothing.
    /// </summary>
    private static CodeAction? WrapArrowBody(FixRequest fix, ArrowExpressionClauseSyntax arrow)
    {
        var member = arrow.Parent;
        if (member is not (BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax)
            || fix.Model!.GetDeclaredSymbol(member, fix.CancellationToken) is not IMethodSymbol { ReturnsVoid: true }
            || LeaderCheck.Find(fix.Model!, arrow.Expression, fix.CancellationToken) is not { } check)
        {
            return null;
        }

        // The semicolon after the expression body carried the line break.
        var block = GuardedBlock(arrow.Expression, check);
        var (replacement, trailing) = member switch
        {
            BaseMethodDeclarationSyntax method => ((SyntaxNode)method.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block), method.SemicolonToken.TrailingTrivia),
            LocalFunctionStatementSyntax local => (local.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block), local.SemicolonToken.TrailingTrivia),
            AccessorDeclarationSyntax accessor => (accessor.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block), accessor.SemicolonToken.TrailingTrivia),
            _ => throw new System.InvalidOperationException("the member kinds are filtered above"),
        };
        replacement = replacement.WithTrailingTrivia(trailing).WithAdditionalAnnotations(Formatter.Annotation);
        var document = fix.Document;
        return CodeAction.Create(Title(check), c => CodeFixRegistration.ReplaceNodeAsync(document, member, replacement, c), equivalenceKey: nameof(WrapInLeaderCheckCodeFixProvider));
    }

    /// <summary>
    /// <c>{ if (check) { expression; } }</c> over several lines: the formatter keeps a block written on one line as it
    /// is, so the line breaks are put in (elastic, for the formatter to settle).
    /// </summary>
    private static BlockSyntax GuardedBlock(ExpressionSyntax expression, ExpressionSyntax check)
    {
        var guarded = SyntaxFactory.IfStatement(check, MultiLine(SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(expression.WithoutTrivia()))));
        return MultiLine(SyntaxFactory.Block(guarded)).WithLeadingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
    }

    private static BlockSyntax MultiLine(BlockSyntax block)
        => block
            .WithOpenBraceToken(block.OpenBraceToken.WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed))
            .WithStatements(SyntaxFactory.List(block.Statements.Select(s => s.WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed))));

    private static string Title(ExpressionSyntax check) => string.Format(System.Globalization.CultureInfo.InvariantCulture, TitleFormat, check.ToString());

    private static Task<Document> WrapAsync(Document document, StatementSyntax statement, ExpressionSyntax check, CancellationToken cancellationToken)
    {
        var inner = statement.WithoutLeadingTrivia().WithoutTrailingTrivia();
        StatementSyntax wrapped = SyntaxFactory.IfStatement(check, SyntaxFactory.Block(inner));
        if (statement.Parent is IfStatementSyntax { Else: not null } outer && outer.Statement == statement)
        {
            // if (a) write; else other;  ->  the new if must not capture the else.
            wrapped = SyntaxFactory.Block(wrapped);
        }

        wrapped = wrapped
            .WithLeadingTrivia(statement.GetLeadingTrivia())
            .WithTrailingTrivia(statement.GetTrailingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);
        return CodeFixRegistration.ReplaceNodeAsync(document, statement, wrapped, cancellationToken);
    }

    /// <summary>Finds an expression for "this unit is the leader" that binds at a statement.</summary>
    private static class LeaderCheck
    {
        public static ExpressionSyntax? Find(SemanticModel model, SyntaxNode site, CancellationToken cancellationToken)
        {
            var types = CharmTypes.Resolve(model.Compilation);
            var unitType = types.Unit;
            var charmBase = types.CharmBase;
            var modelType = types.JujuModel;
            var hookEvent = types.HookEvent;
            if (unitType is null)
            {
                return null;
            }

            var position = site.SpanStart;

            // Instance members are out of reach from a static member, and from a static lambda or local function in any.
            var isStatic = false;
            for (var symbol = model.GetEnclosingSymbol(position, cancellationToken); symbol is IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol; symbol = symbol.ContainingSymbol)
            {
                isStatic |= symbol.IsStatic;
            }

            // Inside a charm, its own Unit property reads best: if (Unit.IsLeader).
            if (model.LookupSymbols(position, name: "Unit").FirstOrDefault() is IPropertySymbol { IsStatic: false } own
                && SymbolEqualityComparer.Default.Equals(own.Type, unitType) && !isStatic)
            {
                return Parse("Unit.IsLeader");
            }

            (int Rank, string Text)? best = null;
            foreach (var symbol in model.LookupSymbols(position))
            {
                if ((symbol is IFieldSymbol or IPropertySymbol && !symbol.IsStatic && isStatic) || DeclaredAfter(symbol, position))
                {
                    continue;
                }

                var type = symbol switch
                {
                    ILocalSymbol local => local.Type,
                    IParameterSymbol parameter => parameter.Type,
                    IFieldSymbol field => field.Type,
                    IPropertySymbol { IsIndexer: false } property => property.Type,
                    _ => null,
                };
                if (type is null)
                {
                    continue;
                }

                var name = SyntaxFacts.GetKeywordKind(symbol.Name) != SyntaxKind.None ? "@" + symbol.Name : symbol.Name;
                (int, string)? candidate =
                    Is(type, unitType) ? (0, name + ".IsLeader")
                    : charmBase is not null && CharmTypes.DerivesFrom(type, charmBase) ? (1, name + ".Unit.IsLeader")
                    : modelType is not null && Is(type, modelType) ? (2, name + ".Unit.IsLeader")
                    : hookEvent is not null && CharmTypes.DerivesFrom(type, hookEvent) ? (3, name + ".Model.Unit.IsLeader")
                    : null;
                if (candidate is { } c && (best is null || c.Item1 < best.Value.Rank || (c.Item1 == best.Value.Rank && string.CompareOrdinal(c.Item2, best.Value.Text) < 0)))
                {
                    best = c;
                }
            }

            return best is { } found ? Parse(found.Text) : null;
        }

        private static ExpressionSyntax Parse(string text) => SyntaxFactory.ParseExpression(text);

        /// <summary>A local is in scope in its whole block, but usable only after its declaration.</summary>
        private static bool DeclaredAfter(ISymbol symbol, int position)
            => symbol is ILocalSymbol && symbol.Locations.Length > 0 && symbol.Locations[0].SourceSpan.Start >= position;

        private static bool Is(ITypeSymbol type, INamedTypeSymbol expected) => SymbolEqualityComparer.Default.Equals(type, expected);
    }
}
