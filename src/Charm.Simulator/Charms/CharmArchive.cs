using System.IO.Compression;

namespace Charm.Simulator.Charms;

/// <summary>
/// A <c>.charm</c> file opened as Juju opens one (its charm package's archive reader): a zip holding
/// <c>metadata.yaml</c>, an optional <c>manifest.yaml</c> whose every base must name <c>ubuntu</c>, a channel and
/// supported architectures, optional <c>config.yaml</c> and <c>actions.yaml</c>. It is unpacked with each file's Unix
/// mode, so <c>dispatch</c> stays executable.
/// </summary>
internal static class CharmArchive
{
    // Juju's supported architectures (core/arch).
    private static readonly string[] Architectures = ["amd64", "arm64", "ppc64el", "s390x", "riscv64"];

    /// <summary>Checks <paramref name="archive"/> and unpacks it into <paramref name="directory"/> (which must be empty).</summary>
    /// <exception cref="FormatException">Juju would refuse the archive; the message starts with the archive's path and gives Juju's reason.</exception>
    public static void Extract(string archive, string directory)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(archive);
        }
        catch (InvalidDataException e)
        {
            throw new FormatException($"{archive} is not a charm: it is not a zip archive ({e.Message}). Build it with charmcraft pack or the CharmPack target.", e);
        }

        using (zip)
        {
            string? Read(string name)
            {
                var entry = zip.GetEntry(name);
                if (entry is null)
                {
                    return null;
                }

                using var reader = new StreamReader(entry.Open());
                return reader.ReadToEnd();
            }

            try
            {
                _ = Read("metadata.yaml") ?? throw new FormatException("archive file \"metadata.yaml\" not found");
                if (Read("manifest.yaml") is { } manifest)
                {
                    ValidateManifest(manifest);
                }

                if (Read("config.yaml") is { } config)
                {
                    _ = CharmConfigOptions.Parse(config);
                }

                if (Read("actions.yaml") is { } actions)
                {
                    _ = CharmActions.Parse(actions);
                }
            }
            catch (FormatException e)
            {
                throw new FormatException($"{archive}: Juju refuses this charm: {e.Message}", e);
            }

            Unpack(zip, directory);
        }
    }

    /// <summary>Juju's check of <c>manifest.yaml</c> (its <c>ReadManifest</c> and <c>Base.Validate</c>), with its messages.</summary>
    internal static void ValidateManifest(string yaml)
    {
        static FormatException Refused(string why) => new($"parsing \"manifest.yaml\" file: manifest: {why}");
        object? root;
        try
        {
            root = GoYaml.Parse(yaml, "manifest.yaml");
        }
        catch (FormatException e)
        {
            throw Refused(e.Message);
        }

        var bases = (root as Dictionary<string, object?>)?.GetValueOrDefault("bases");
        if (bases is not List<object?> list)
        {
            throw Refused($"coerce: expected list, got {(bases is null ? "nothing" : GoYaml.Show(bases))}");
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not Dictionary<string, object?> item)
            {
                throw Refused($"coerce: [{i}]: expected map, got {GoYaml.Show(list[i])}");
            }

            foreach (var key in new[] { "name", "channel" })
            {
                if (item.TryGetValue(key, out var v) && v is not string)
                {
                    throw Refused($"coerce: [{i}].{key}: expected string, got {GoYaml.Show(v)}");
                }
            }

            var name = item.GetValueOrDefault("name") as string ?? "";
            var channel = item.GetValueOrDefault("channel") as string ?? "";
            var architectures = item.GetValueOrDefault("architectures") switch
            {
                null => [],
                List<object?> a when a.All(x => x is string) => a.Cast<string>().ToList(),
                var other => throw Refused($"coerce: [{i}].architectures: expected list of strings, got {GoYaml.Show(other)}"),
            };
            if (name.Length == 0)
            {
                throw Refused("base without name not valid");
            }

            if (name != "ubuntu")
            {
                throw Refused($"os \"{name}\" not valid");
            }

            if (channel.Length == 0)
            {
                throw Refused("channel not valid");
            }

            if (architectures.FirstOrDefault(a => !Architectures.Contains(a)) is { } bad)
            {
                throw Refused($"architecture \"{bad}\" not valid");
            }
        }
    }

    private static void Unpack(ZipArchive zip, string directory)
    {
        var root = Path.GetFullPath(directory) + Path.DirectorySeparatorChar;
        foreach (var entry in zip.Entries)
        {
            var target = Path.GetFullPath(Path.Combine(root, entry.FullName));
            if (!target.StartsWith(root, StringComparison.Ordinal))
            {
                throw new FormatException($"the archive entry '{entry.FullName}' points outside the charm; rebuild the archive.");
            }

            if (entry.FullName.EndsWith('/'))
            {
                Directory.CreateDirectory(target);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            entry.ExtractToFile(target, overwrite: false);
            var mode = (UnixFileMode)((entry.ExternalAttributes >> 16) & 0xFFF);
            if (!OperatingSystem.IsWindows() && mode != UnixFileMode.None)
            {
                File.SetUnixFileMode(target, mode & ~(UnixFileMode.SetUser | UnixFileMode.SetGroup | UnixFileMode.StickyBit));
            }
        }
    }
}
