using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Charm.Charmcraft.Tasks;

/// <summary>
/// Checks a charm's charmcraft.yaml (and the metadata.yaml, config.yaml and actions.yaml beside it) before the charm is
/// compiled, reporting each problem as an MSBuild error with its code, file, line and column; then writes the files Juju
/// reads from the charm's archive (metadata.yaml, manifest.yaml, and config.yaml / actions.yaml when the charm has
/// them) into <see cref="OutputDirectory"/>, leaving no stale file of that set behind.
/// </summary>
public sealed class PrepareCharmFiles : Task
{
    private static readonly string[] Generated =
    {
        CharmcraftProject.MetadataFileName, CharmcraftProject.ManifestFileName, CharmcraftProject.ConfigFileName, CharmcraftProject.ActionsFileName,
    };

    /// <summary>The charm's charmcraft.yaml.</summary>
    [Required]
    public string CharmcraftYaml { get; set; } = string.Empty;

    /// <summary>
    /// The Juju architecture the charm is built for (amd64, arm64, ppc64el, s390x or riscv64). Empty in a build that is
    /// not for one architecture (a <c>dotnet build</c> or <c>dotnet test</c> with no runtime identifier): charmcraft.yaml
    /// is then only checked, and no file is written.
    /// </summary>
    public string Architecture { get; set; } = string.Empty;

    /// <summary>Where to write the archive's files.</summary>
    [Required]
    public string OutputDirectory { get; set; } = string.Empty;

    /// <summary>The charm's name, as charmcraft.yaml (or metadata.yaml) gives it.</summary>
    [Output]
    public string CharmName { get; set; } = string.Empty;

    /// <summary>The files written, for the archive.</summary>
    [Output]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <inheritdoc />
    public override bool Execute()
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(CharmcraftYaml))!;
        CharmcraftProject project;
        try
        {
            project = CharmcraftProject.Load(CharmcraftYaml);
        }
        catch (IOException e)
        {
            Log.LogError(null, "CHARM001", null, CharmcraftYaml, 0, 0, 0, 0, $"CharmPack cannot read '{CharmcraftYaml}': {e.Message}");
            return false;
        }

        if (Architecture.Length == 0)
        {
            LogDiagnostics(directory, project.Diagnostics);
            CharmName = project.Name ?? string.Empty;
            Log.LogMessage(MessageImportance.Low, $"CharmPack: {CharmcraftYaml} checked (no architecture in this build, so no archive files written).");
            return project.IsValid;
        }

        var files = project.ArchiveFiles(Architecture, out var diagnostics);
        LogDiagnostics(directory, diagnostics);

        if (diagnostics.Count > 0)
        {
            return false;
        }

        Directory.CreateDirectory(OutputDirectory);
        var written = new List<ITaskItem>();
        foreach (var name in Generated)
        {
            var path = Path.Combine(OutputDirectory, name);
            if (!files.TryGetValue(name, out var text))
            {
                File.Delete(path);
                continue;
            }

            // Rewritten only when it changed, so what depends on its timestamp stays up to date.
            var bytes = new UTF8Encoding(false).GetBytes(text);
            if (!File.Exists(path) || !File.ReadAllBytes(path).SequenceEqual(bytes))
            {
                File.WriteAllBytes(path, bytes);
            }

            written.Add(new TaskItem(path));
        }

        CharmName = project.Name!;
        Files = written.ToArray();
        Log.LogMessage(MessageImportance.Low, $"CharmPack: {CharmcraftYaml} is valid; wrote {string.Join(", ", written.Select(w => Path.GetFileName(w.ItemSpec)))} for {Architecture}.");
        return true;
    }

    /// <summary>Each problem of charmcraft.yaml (or a file beside it) as an MSBuild error at its file, line and column.</summary>
    private void LogDiagnostics(string directory, IEnumerable<CharmcraftDiagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            Log.LogError(null, d.Code, null, Path.Combine(directory, d.File), d.Line, d.Column, 0, 0, d.Message);
        }
    }
}
