using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Charm.Framework;
using Charm.TokenDistributor;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Charm.TokenDistributor.Generators.Tests.Analyzers.Infrastructure;

/// <summary>
/// What test compilations reference: the .NET reference pack of the running runtime (found beside it in the SDK's
/// <c>packs</c> folder, with the runtime's own assemblies as the fallback), Charm.Framework and Charm.TokenDistributor.
/// Net10 is needed because the runtime assemblies under analysis are built for it; nothing is downloaded.
/// </summary>
internal static class TestReferences
{
    /// <summary>No package to resolve: the references are added explicitly.</summary>
    public static ReferenceAssemblies None { get; } = new("net10.0");

    public static ImmutableArray<MetadataReference> All { get; } = Load();

    private static ImmutableArray<MetadataReference> Load()
    {
        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var path in FrameworkAssemblies())
        {
            builder.Add(MetadataReference.CreateFromFile(path));
        }

        builder.Add(MetadataReference.CreateFromFile(typeof(CharmBase).Assembly.Location));
        builder.Add(MetadataReference.CreateFromFile(typeof(TokenDistributorConsumerAttribute).Assembly.Location));
        return builder.ToImmutable();
    }

    private static IEnumerable<string> FrameworkAssemblies()
    {
        var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        var version = new DirectoryInfo(runtimeDirectory).Name;
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var pack = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref", version, "ref", "net" + Environment.Version.ToString(2));
        if (Directory.Exists(pack))
        {
            return Directory.EnumerateFiles(pack, "*.dll");
        }

        // No reference pack beside the runtime: compile against the runtime's implementation assemblies.
        var trusted = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "";
        return trusted.Split(Path.PathSeparator)
            .Where(p => string.Equals(Path.GetDirectoryName(Path.GetFullPath(p)), Path.GetFullPath(runtimeDirectory).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal));
    }
}
