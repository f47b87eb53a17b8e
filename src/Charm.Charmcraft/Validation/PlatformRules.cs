using System;
using System.Collections.Generic;
using System.Linq;
using Charm.Charmcraft.Yaml;

namespace Charm.Charmcraft.Validation;

/// <summary>
/// <c>base</c>, <c>build-base</c>, <c>platforms</c>, the legacy <c>bases</c> and <c>parts</c>, as charmcraft 3 reads them
/// (models/project.py: a charm with <c>bases</c> may only use the legacy bases; every other charm needs <c>platforms</c>
/// and <c>parts</c>), and what Juju's manifest reader then accepts (each base is <c>ubuntu</c>, with a channel, on
/// architectures Juju supports).
/// </summary>
internal static class PlatformRules
{
    /// <summary>The architectures Juju supports (core/arch); charmcraft also knows armhf, which Juju refuses.</summary>
    public static readonly string[] JujuArchitectures = { "amd64", "arm64", "ppc64el", "s390x", "riscv64" };

    private static readonly string[] CharmcraftArchitectures = { "amd64", "arm64", "armhf", "ppc64el", "riscv64", "s390x" };

    // charmcraft's supported bases, less almalinux (Juju's manifest reader accepts only ubuntu).
    private static readonly string[] SupportedBases =
        { "ubuntu@18.04", "ubuntu@20.04", "ubuntu@22.04", "ubuntu@24.04", "ubuntu@25.04", "ubuntu@25.10", "ubuntu@26.04", "ubuntu@26.10" };

    private static readonly string[] DevelBases = { "ubuntu@25.04", "ubuntu@25.10", "ubuntu@26.10" };

    private static readonly string[] LegacyBases = { "ubuntu@18.04", "ubuntu@20.04", "ubuntu@22.04" };

    private const string Code = CharmcraftCodes.Platforms;

    public static (string? Base, List<CharmPlatform> Platforms, List<CharmBase> LegacyBases) Read(YamlMap document, Diagnostics diagnostics)
    {
        var platforms = new List<CharmPlatform>();
        var legacy = new List<CharmBase>();
        if (document["bases"] is { } bases)
        {
            if (document["base"] is { } alsoBase)
            {
                diagnostics.Report(Code, alsoBase, "'base' and 'bases' are both given; keep 'base' (with 'platforms'), the charmcraft 3 form.");
            }

            ReadLegacyBases(bases, diagnostics, legacy);
            return (null, platforms, legacy);
        }

        var baseName = diagnostics.String(Code, document["base"], "base");
        if (baseName is not null && !SupportedBases.Contains(baseName, StringComparer.Ordinal))
        {
            // Reported once; the platforms are still checked as if it were right.
            diagnostics.Report(Code, document["base"], $"'base' is '{baseName}', which charmcraft cannot build or Juju cannot run; use one of {string.Join(", ", SupportedBases)} (e.g. base: ubuntu@24.04).");
        }

        var buildBase = diagnostics.String(Code, document["build-base"], "build-base");
        if (baseName is not null && buildBase is null && DevelBases.Contains(baseName, StringComparer.Ordinal))
        {
            diagnostics.Report(Code, document["base"], $"'base: {baseName}' is a development release: charmcraft needs 'build-base' too (build-base: {baseName}).");
        }

        var platformsNode = document["platforms"];
        if (platformsNode is null)
        {
            diagnostics.Report(Code, document, "'platforms' is missing: charmcraft 3 needs it beside 'base', e.g.\nbase: ubuntu@24.04\nplatforms:\n  amd64:");
        }
        else if (diagnostics.Map(Code, platformsNode, "platforms", "platforms: {amd64: }") is { } map)
        {
            foreach (var entry in map.Entries)
            {
                if (ReadPlatform(entry.Key, entry.Value, baseName, diagnostics) is { } platform)
                {
                    platforms.Add(platform);
                }
            }

            if (map.Entries.Count == 0)
            {
                diagnostics.Report(Code, platformsNode, "'platforms' is empty; name at least one, e.g. platforms: {amd64: }.");
            }
        }

        ReadParts(document["parts"], document, diagnostics);
        return (baseName, platforms, legacy);
    }

    /// <summary>The manifest's base for <paramref name="architecture"/>, or null (with a diagnostic) when no platform builds for it.</summary>
    public static CharmBase? ManifestBase(string? baseName, IReadOnlyList<CharmPlatform> platforms, IReadOnlyList<CharmBase> legacy, string architecture, Diagnostics diagnostics, YamlNode? at)
    {
        if (legacy.Count > 0)
        {
            var runOn = legacy.FirstOrDefault(b => b.Architectures.Contains(architecture, StringComparer.Ordinal));
            if (runOn is null)
            {
                diagnostics.Report(CharmcraftCodes.Architecture, at, $"no base under 'bases' runs on {architecture}; add it to a base's architectures, or build for one that is there.");
            }

            return runOn is null ? null : new CharmBase(runOn.Name, runOn.Channel, new[] { architecture });
        }

        foreach (var platform in platforms)
        {
            foreach (var target in platform.BuildFor)
            {
                var (targetBase, targetArchitecture) = SplitTarget(target);
                if (targetArchitecture != architecture)
                {
                    continue;
                }

                var chosen = targetBase ?? baseName;
                if (chosen is null)
                {
                    diagnostics.Report(CharmcraftCodes.Platforms, at, $"platform '{platform.Name}' builds for {architecture} but names no base: add 'base: ubuntu@24.04', or write build-for: [ubuntu@24.04:{architecture}].");
                    return null;
                }

                var at2 = chosen.IndexOf('@');
                return new CharmBase(chosen.Substring(0, at2), chosen.Substring(at2 + 1), new[] { architecture });
            }
        }

        diagnostics.Report(CharmcraftCodes.Architecture, at, $"no platform in 'platforms' builds for {architecture}; add one ({architecture}:) or build for an architecture it lists ({string.Join(", ", platforms.SelectMany(p => p.BuildFor).Distinct())}).");
        return null;
    }

    private static CharmPlatform? ReadPlatform(YamlScalar name, YamlNode value, string? baseName, Diagnostics diagnostics)
    {
        var key = "platforms." + name.Text;
        if (value is YamlScalar { Kind: YamlScalarKind.Null })
        {
            // Shorthand: the platform's name is what it builds on and for.
            if (!IsTarget(name.Text, baseName, out var why))
            {
                diagnostics.Report(Code, name, $"'{key}' has no build-on/build-for, so its name must be an architecture or base:architecture, and {why}");
                return null;
            }

            return new CharmPlatform(name.Text, new[] { name.Text }, new[] { name.Text });
        }

        if (diagnostics.Map(Code, value, key, $"{name.Text}: {{build-on: [amd64], build-for: [amd64]}}") is not { } map)
        {
            return null;
        }

        var buildOn = diagnostics.Strings(Code, map["build-on"], key + ".build-on");
        var buildFor = diagnostics.Strings(Code, map["build-for"], key + ".build-for");
        if (map["build-on"] is null)
        {
            diagnostics.Report(Code, map, $"'{key}' has no 'build-on'; list where it is built, e.g. build-on: [amd64].");
        }

        if (buildOn is null || (map["build-for"] is not null && buildFor is null))
        {
            return null;
        }

        buildFor ??= new List<string> { name.Text };
        if (buildFor.Count != 1)
        {
            diagnostics.Report(Code, map["build-for"] ?? map, $"'{key}.build-for' must name exactly one target, e.g. build-for: [amd64].");
            return null;
        }

        foreach (var target in buildOn.Concat(buildFor))
        {
            if (!IsTarget(target, baseName, out var why))
            {
                diagnostics.Report(Code, map, $"'{key}' names '{target}': {why}");
                return null;
            }
        }

        return new CharmPlatform(name.Text, buildOn, buildFor);
    }

    private static bool IsTarget(string target, string? baseName, out string why)
    {
        var (targetBase, architecture) = SplitTarget(target);
        if (targetBase is not null && !SupportedBases.Contains(targetBase, StringComparer.Ordinal))
        {
            why = $"'{targetBase}' is not a base charmcraft builds and Juju runs (e.g. ubuntu@24.04).";
            return false;
        }

        if (!CharmcraftArchitectures.Contains(architecture, StringComparer.Ordinal))
        {
            why = architecture == "all"
                ? "'all' is refused by Juju's manifest reader; name the architecture (e.g. amd64)."
                : $"'{architecture}' is not an architecture; use one of {string.Join(", ", JujuArchitectures)}.";
            return false;
        }

        if (!JujuArchitectures.Contains(architecture, StringComparer.Ordinal))
        {
            why = $"Juju does not run charms on {architecture}; use one of {string.Join(", ", JujuArchitectures)}.";
            return false;
        }

        if (targetBase is null && baseName is null)
        {
            why = $"with no 'base', name the base too (ubuntu@24.04:{architecture}) or add 'base: ubuntu@24.04'.";
            return false;
        }

        why = string.Empty;
        return true;
    }

    private static (string? Base, string Architecture) SplitTarget(string target)
    {
        var colon = target.LastIndexOf(':');
        return colon < 0 ? (null, target) : (target.Substring(0, colon), target.Substring(colon + 1));
    }

    private static void ReadLegacyBases(YamlNode bases, Diagnostics diagnostics, List<CharmBase> legacy)
    {
        if (bases is not YamlList { Items.Count: > 0 } list)
        {
            diagnostics.Report(Code, bases, "'bases' must be a non-empty list; better, replace it with 'base: ubuntu@24.04' and 'platforms:'.");
            return;
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            if (diagnostics.Map(Code, list.Items[i], $"bases[{i}]", "{name: ubuntu, channel: \"22.04\"}") is not { } entry)
            {
                continue;
            }

            // The short form (name, channel) is both where the charm is built and what it runs on.
            var longForm = entry.ContainsKey("build-on") || entry.ContainsKey("run-on");
            foreach (var (section, node) in longForm
                ? new[] { ("build-on", entry["build-on"]), ("run-on", entry["run-on"]) }
                : new[] { ("run-on", (YamlNode?)entry) })
            {
                var items = node is YamlList l ? l.Items : node is YamlMap m ? new YamlNode[] { m } : null;
                if (items is null || items.Count == 0)
                {
                    diagnostics.Report(Code, node ?? entry, $"'bases[{i}].{section}' must list bases, e.g. - name: ubuntu\n  channel: \"22.04\".");
                    continue;
                }

                foreach (var item in items)
                {
                    if (ReadLegacyBase(item, $"bases[{i}].{section}", diagnostics) is { } parsed && section == "run-on")
                    {
                        legacy.Add(parsed);
                    }
                }
            }
        }
    }

    private static CharmBase? ReadLegacyBase(YamlNode node, string key, Diagnostics diagnostics)
    {
        if (diagnostics.Map(Code, node, key, "{name: ubuntu, channel: \"22.04\"}") is not { } map)
        {
            return null;
        }

        var name = diagnostics.String(Code, map["name"], key + ".name");
        var channel = diagnostics.String(Code, map["channel"], key + ".channel");
        if (name is null || channel is null)
        {
            if (map["name"] is null || map["channel"] is null)
            {
                diagnostics.Report(Code, map, $"'{key}' needs 'name' and 'channel' (a string: channel: \"22.04\").");
            }

            return null;
        }

        if (!LegacyBases.Contains(name + "@" + channel, StringComparer.Ordinal))
        {
            diagnostics.Report(Code, map, $"charmcraft refuses 'bases' for {name}@{channel} (\"Base requires 'platforms' definition\"); write base: {name}@{channel} and platforms: {{amd64: }} instead.");
            return null;
        }

        var architectures = diagnostics.Strings(Code, map["architectures"], key + ".architectures") ?? new List<string> { "amd64" };
        foreach (var architecture in architectures.Where(a => !JujuArchitectures.Contains(a, StringComparer.Ordinal)))
        {
            diagnostics.Report(Code, map["architectures"], $"'{key}.architectures' names '{architecture}', which Juju does not run; use {string.Join(", ", JujuArchitectures)}.");
        }

        return new CharmBase(name, channel, architectures);
    }

    private static void ReadParts(YamlNode? parts, YamlMap document, Diagnostics diagnostics)
    {
        if (parts is null)
        {
            diagnostics.Report(Code, document, "'parts' is missing: a charm with 'platforms' must say how charmcraft builds it, e.g. parts: {charm: {plugin: nil, override-build: ...}}.");
            return;
        }

        if (diagnostics.Map(Code, parts, "parts", "parts: {charm: {plugin: nil}}") is not { } map)
        {
            return;
        }

        if (map.Entries.Count == 0)
        {
            diagnostics.Report(Code, parts, "'parts' is empty; give at least one part.");
        }

        foreach (var part in map.Entries)
        {
            if (diagnostics.Map(Code, part.Value, "parts." + part.Key.Text, "charm: {plugin: nil}") is { } body)
            {
                var plugin = diagnostics.String(Code, body["plugin"], $"parts.{part.Key.Text}.plugin") ?? part.Key.Text;
                if (plugin is "charm" or "reactive")
                {
                    diagnostics.Report(Code, body, $"part '{part.Key.Text}' uses the '{plugin}' plugin, which builds Python charms; a C# charm uses 'plugin: nil' with an override-build that runs dotnet publish.");
                }
            }
        }
    }
}
