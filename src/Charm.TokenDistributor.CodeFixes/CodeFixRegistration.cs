using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Charm.TokenDistributor.CodeFixes;

/// <summary>One diagnostic to fix, with the document's syntax root (and semantic model, when asked for) read once.</summary>
internal readonly struct FixRequest
{
    public FixRequest(Document document, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        Document = document;
        Root = root;
        Model = model;
        Diagnostic = diagnostic;
        CancellationToken = cancellationToken;
    }

    public Document Document { get; }

    public SyntaxNode Root { get; }

    /// <summary>The semantic model; never null when the provider asked for it.</summary>
    public SemanticModel? Model { get; }

    public Diagnostic Diagnostic { get; }

    public CancellationToken CancellationToken { get; }
}

/// <summary>What every provider here does around its own fix: read the document once, offer at most one fix per
/// diagnostic, and replace one node in the document.</summary>
internal static class CodeFixRegistration
{
    /// <summary>
    /// Offers <paramref name="createFix"/>'s action for each diagnostic of <paramref name="context"/>; a null action
    /// means the code is not in a shape the fix can rewrite, and no fix is offered for that diagnostic.
    /// </summary>
    public static async Task RegisterEachAsync(CodeFixContext context, bool needsSemanticModel, Func<FixRequest, CodeAction?> createFix)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        SemanticModel? model = null;
        if (needsSemanticModel)
        {
            model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (model is null)
            {
                return;
            }
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (createFix(new FixRequest(context.Document, root, model, diagnostic, context.CancellationToken)) is { } action)
            {
                context.RegisterCodeFix(action, diagnostic);
            }
        }
    }

    /// <summary>The document with <paramref name="node"/> replaced by <paramref name="replacement"/>.</summary>
    public static async Task<Document> ReplaceNodeAsync(Document document, SyntaxNode node, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(node, replacement));
    }
}
