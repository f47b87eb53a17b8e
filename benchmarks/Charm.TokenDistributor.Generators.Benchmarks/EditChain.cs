using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Charm.TokenDistributor.Generators.Benchmarks;

/// <summary>
/// Successive edits of <see cref="SyntheticProject.UnrelatedTree"/>, each applied with <c>ReplaceSyntaxTree</c> to
/// the compilation the previous edit produced, as the IDE's workspace does. (Deriving every edit from one base
/// compilation instead removes a tree that is not the newest one in Roslyn's declaration table, which discards the
/// table's merged cache and re-merges all 2,200 files' declarations on each edit: about 15 ms here that an editing
/// session does not pay; see <c>--explain</c>.)
/// </summary>
internal sealed class EditChain
{
    private readonly SyntheticProject _project;
    private SyntaxTree _edited;
    private int _edit;

    public EditChain(SyntheticProject project)
    {
        _project = project;
        Current = project.CreateCompilation();
        _edited = project.UnrelatedTree;
    }

    public CSharpCompilation Current { get; private set; }

    /// <summary>The next compilation: the edited file alternates between two texts, so each differs from the last.</summary>
    public CSharpCompilation Next()
    {
        var next = _project.UnrelatedEdits[_edit++ % _project.UnrelatedEdits.Count];
        Current = Current.ReplaceSyntaxTree(_edited, next);
        _edited = next;
        return Current;
    }
}
