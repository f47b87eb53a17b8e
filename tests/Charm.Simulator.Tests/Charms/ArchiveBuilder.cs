using System.IO.Compression;
using System.Text;

namespace Charm.Simulator.Tests.Charms;

/// <summary>Writes small <c>.charm</c> files (zips whose entries carry Unix modes, as charmcraft writes them).</summary>
internal static class ArchiveBuilder
{
    public const string Metadata = "name: probe\nrequires:\n  link:\n    interface: probe\n";

    public const string Manifest = "bases:\n- name: ubuntu\n  channel: \"24.04\"\n  architectures:\n  - amd64\n";

    public static string Write(string directory, IReadOnlyDictionary<string, string> files, string name = "probe.charm")
    {
        var path = Path.Combine(directory, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (entryName, text) in files)
        {
            var entry = zip.CreateEntry(entryName);
            var mode = entryName == "dispatch" ? Convert.ToInt32("755", 8) : Convert.ToInt32("644", 8);
            entry.ExternalAttributes = (Convert.ToInt32("100000", 8) | mode) << 16;
            using var stream = entry.Open();
            stream.Write(new UTF8Encoding(false).GetBytes(text));
        }

        return path;
    }

    public static Dictionary<string, string> Charm(string dispatch = "#!/bin/sh\nexit 0\n") => new(StringComparer.Ordinal)
    {
        ["metadata.yaml"] = Metadata,
        ["manifest.yaml"] = Manifest,
        ["dispatch"] = dispatch,
    };
}
