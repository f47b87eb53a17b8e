using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Diagnostics;
using Charm.TokenDistributor.Generators.Generator.Spec;
using Charm.TokenDistributor.Generators.Metadata;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Charm.TokenDistributor.Generators.Generator;

/// <summary>
/// Completes a <c>partial</c> charm class marked <c>[TokenDistributorConsumer]</c> and/or
/// <c>[TokenDistributorProvider]</c>: a constructor (when the class has none), <c>InitializeTokenDistributor()</c>,
/// the per-relation surface and partial hook methods, the <c>[MirrorKey]</c> property bodies, the <c>[On]</c> wiring,
/// the static <c>HandledHooks</c> table and, in an executable with no <c>Main</c>, the entry point. No reflection in
/// the emitted code: the charm publishes as Native AOT. It reports why it leaves anything out, and checks the charm's
/// endpoints against <c>charmcraft.yaml</c> (see <see cref="GeneratorDiagnostics"/>).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class TokenDistributorGenerator : IIncrementalGenerator
{
    private readonly bool _readMembersFromSyntax;

    /// <summary>Creates the generator (what the compiler does).</summary>
    public TokenDistributorGenerator()
        : this(readMembersFromSyntax: true)
    {
    }

    /// <summary>Creates the generator; tests turn the syntactic member reading off to check it agrees with binding.</summary>
    internal TokenDistributorGenerator(bool readMembersFromSyntax) => _readMembersFromSyntax = readMembersFromSyntax;

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var fromSyntax = _readMembersFromSyntax;
        var consumerParses = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.ConsumerAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                (syntaxContext, cancellationToken) => CharmParser.ParseConsumerTarget(syntaxContext, fromSyntax, cancellationToken))
            .WithTrackingName(TrackingNames.ConsumerTransform)
            .Where(static parse => parse is not null)
            .Select(static (parse, _) => parse!);

        var providerParses = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.ProviderAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                (syntaxContext, cancellationToken) => CharmParser.ParseProviderTarget(syntaxContext, fromSyntax, cancellationToken))
            .WithTrackingName(TrackingNames.ProviderTransform)
            .Where(static parse => parse is not null)
            .Select(static (parse, _) => parse!);

        var consumerCharms = consumerParses
            .Where(static parse => parse.Spec is not null)
            .Select(static (parse, _) => parse.Spec!)
            .WithTrackingName(TrackingNames.ConsumerCharms);
        var providerCharms = providerParses
            .Where(static parse => parse.Spec is not null)
            .Select(static (parse, _) => parse.Spec!)
            .WithTrackingName(TrackingNames.ProviderCharms);

        context.RegisterSourceOutput(consumerCharms, static (output, charm) => Emit(output, charm));
        context.RegisterSourceOutput(providerCharms, static (output, charm) => Emit(output, charm));

        RegisterDiagnostics(context, consumerParses, providerParses);
        RegisterConfig(context, consumerCharms, providerCharms);

        var candidates = consumerCharms
            .Select(static (charm, _) => ToCandidate(charm))
            .WithTrackingName(TrackingNames.ConsumerEntryPointCandidates)
            .Collect()
            .Combine(providerCharms
                .Select(static (charm, _) => ToCandidate(charm))
                .WithTrackingName(TrackingNames.ProviderEntryPointCandidates)
                .Collect())
            .WithTrackingName(TrackingNames.EntryPointCandidates);

        var compilationKind = context.CompilationProvider
            .Select(static (compilation, cancellationToken) => ClassifyCompilation(compilation, cancellationToken))
            .WithTrackingName(TrackingNames.CompilationKind);

        var entryPoint = candidates
            .Combine(compilationKind)
            .Select(static (input, _) => DecideEntryPoint(input.Left.Left, input.Left.Right, input.Right))
            .WithTrackingName(TrackingNames.EntryPoint);

        context.RegisterImplementationSourceOutput(entryPoint, static (output, spec) =>
        {
            if (spec is not null)
            {
                output.AddSource(KnownNames.EntryPointClass + ".g.cs", SourceText.From(CharmEmitter.EmitEntryPoint(spec), System.Text.Encoding.UTF8));
            }
        });
    }

    /// <summary>
    /// Reports what the parses left out, the checks against <c>charmcraft.yaml</c> / <c>metadata.yaml</c>, and the
    /// <c>[MirrorKey]</c> properties outside any attributed class. Apart from the emission: a diagnostic carries its
    /// location, which an edit moving code changes without changing what is generated.
    /// </summary>
    private static void RegisterDiagnostics(
        IncrementalGeneratorInitializationContext context,
        IncrementalValuesProvider<CharmParse> consumerParses,
        IncrementalValuesProvider<CharmParse> providerParses)
    {
        var orphanMirrorKeys = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.MirrorKeyAttribute,
                static (node, _) => node is PropertyDeclarationSyntax,
                static (syntaxContext, cancellationToken) => CharmParser.ParseOrphanMirrorKey(syntaxContext, cancellationToken))
            .WithTrackingName(TrackingNames.OrphanMirrorKeys);
        context.RegisterSourceOutput(orphanMirrorKeys, static (output, diagnostics) => Report(output, diagnostics));

        var metadata = context.AdditionalTextsProvider
            .Where(static file => CharmMetadata.IsMetadataFile(file))
            .Select(static (file, cancellationToken) => CharmMetadata.Read(file, cancellationToken))
            .Collect()
            .Select(static (files, _) => CharmMetadata.Combine(files))
            .WithTrackingName(TrackingNames.Metadata);
        var endpoints = consumerParses.Select(static (parse, _) => parse.Endpoints)
            .Combine(metadata)
            .Select(static (input, _) => MetadataCheck.Check(input.Left, input.Right).ToEquatableArray())
            .WithTrackingName(TrackingNames.ConsumerMetadataDiagnostics);
        var providerEndpoints = providerParses.Select(static (parse, _) => parse.Endpoints)
            .Combine(metadata)
            .Select(static (input, _) => MetadataCheck.Check(input.Left, input.Right).ToEquatableArray())
            .WithTrackingName(TrackingNames.ProviderMetadataDiagnostics);
        context.RegisterSourceOutput(endpoints, static (output, diagnostics) => Report(output, diagnostics));
        context.RegisterSourceOutput(providerEndpoints, static (output, diagnostics) => Report(output, diagnostics));

        // After the checks against the metadata, which the compiler then lists first: a relation renamed in the attribute
        // only is reported as CTD5001 before the hooks still named after the old relation (CTD4014).
        var consumerDiagnostics = consumerParses.Select(static (parse, _) => parse.Diagnostics).WithTrackingName(TrackingNames.ConsumerDiagnostics);
        var providerDiagnostics = providerParses.Select(static (parse, _) => parse.Diagnostics).WithTrackingName(TrackingNames.ProviderDiagnostics);
        context.RegisterSourceOutput(consumerDiagnostics, static (output, diagnostics) => Report(output, diagnostics));
        context.RegisterSourceOutput(providerDiagnostics, static (output, diagnostics) => Report(output, diagnostics));

    }

    /// <summary>
    /// The typed config class of each charm, from <c>config.options</c> of <c>charmcraft.yaml</c>, and what is wrong
    /// there. The file is read once per change of its text; each charm's class depends on its namespace and name only,
    /// so an edit to the charm's code that keeps them leaves the class cached.
    /// </summary>
    private static void RegisterConfig(
        IncrementalGeneratorInitializationContext context,
        IncrementalValuesProvider<CharmSpec> consumerCharms,
        IncrementalValuesProvider<CharmSpec> providerCharms)
    {
        var config = context.AdditionalTextsProvider
            .Where(static file => CharmMetadata.IsCharmcraftFile(file))
            .Select(static (file, cancellationToken) => file.GetText(cancellationToken) is { } text ? CharmConfigReader.Read(text, file.Path) : CharmConfigOptions.None)
            .Collect()
            .Select(static (files, _) => CharmConfigOptions.Combine(files))
            .WithTrackingName(TrackingNames.ConfigOptions);
        context.RegisterSourceOutput(config.Select(static (options, _) => options.Diagnostics), static (output, diagnostics) => Report(output, diagnostics));

        var options = config.Select(static (options, _) => options.Options);
        var consumerClasses = consumerCharms.Select(static (charm, _) => ConfigTarget.Of(charm))
            .Combine(options)
            .Select(static (input, _) => ConfigClassSpec.For(input.Left, input.Right))
            .WithTrackingName(TrackingNames.ConsumerConfigClasses);
        var providerClasses = providerCharms.Select(static (charm, _) => ConfigTarget.Of(charm))
            .Combine(options)
            .Select(static (input, _) => ConfigClassSpec.For(input.Left, input.Right))
            .WithTrackingName(TrackingNames.ProviderConfigClasses);
        context.RegisterSourceOutput(consumerClasses, static (output, spec) => EmitConfig(output, spec));
        context.RegisterSourceOutput(providerClasses, static (output, spec) => EmitConfig(output, spec));
    }

    private static void EmitConfig(SourceProductionContext output, ConfigClassSpec? spec)
    {
        if (spec is not null)
        {
            Report(output, spec.Diagnostics);
            if (spec.Emit)
            {
                output.AddSource(spec.ConfigHintName, SourceText.From(ConfigEmitter.Emit(spec), System.Text.Encoding.UTF8));
            }
        }
    }

    private static void Report(SourceProductionContext output, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            output.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }

    private static void Emit(SourceProductionContext output, CharmSpec charm)
        => output.AddSource(charm.HintName, SourceText.From(CharmEmitter.Emit(charm), System.Text.Encoding.UTF8));

    private static EntryPointCandidate ToCandidate(CharmSpec charm)
        => new(charm.Namespace, charm.FullyQualifiedName, charm.CanBeConstructedByEntryPoint);

    /// <summary>
    /// Whether the compilation is an executable and whether its author wrote an entry point (a static <c>Main</c> or
    /// top-level statements). Runs on every compilation change, so it binds nothing: each file's answer is read from
    /// its syntax once and kept in <see cref="EntryPointFiles"/>, and an edit costs one lookup per file plus a walk of
    /// the edited file's type members. (A syntax provider would keep a table entry per file and reallocate it on every
    /// edit; asking the compilation for symbols named <c>Main</c> binds them again in every new compilation.)
    /// </summary>
    private static CompilationKind ClassifyCompilation(Compilation compilation, CancellationToken cancellationToken)
    {
        if (compilation.Options.OutputKind is not (OutputKind.ConsoleApplication or OutputKind.WindowsApplication))
        {
            return CompilationKind.Library;
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            if (DeclaresEntryPoint(tree, cancellationToken))
            {
                return CompilationKind.ExecutableWithEntryPoint;
            }
        }

        return CompilationKind.Executable;
    }

    /// <summary>
    /// Per syntax tree (immutable, so the answer never goes stale; weakly keyed, so no tree is kept alive): whether it
    /// declares an entry point. Roslyn's <c>ForAttributeWithMetadataName</c> caches its per-tree facts the same way.
    /// </summary>
    private static readonly ConditionalWeakTable<SyntaxTree, object> EntryPointFiles = new();

    private static readonly object DeclaresMain = new();
    private static readonly object NoMain = new();

    private static bool DeclaresEntryPoint(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (!EntryPointFiles.TryGetValue(tree, out var known))
        {
            var root = tree.GetRoot(cancellationToken);

            // Top-level statements precede every namespace and type in their file (CS8803 otherwise).
            var declares = root is CompilationUnitSyntax { Members: { Count: > 0 } members }
                && (members[0] is GlobalStatementSyntax || HasStaticMain(members, cancellationToken));
            known = EntryPointFiles.GetValue(tree, _ => declares ? DeclaresMain : NoMain);
        }

        return ReferenceEquals(known, DeclaresMain);
    }

    /// <summary>A static method named <c>Main</c> declared in any type, at any nesting; method bodies are not walked.</summary>
    private static bool HasStaticMain(SyntaxList<MemberDeclarationSyntax> members, CancellationToken cancellationToken)
    {
        foreach (var member in members)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (member)
            {
                case MethodDeclarationSyntax method
                    when method.Identifier.ValueText == WellKnownMemberNames.EntryPointMethodName && method.Modifiers.Any(SyntaxKind.StaticKeyword):
                    return true;
                case BaseNamespaceDeclarationSyntax ns when HasStaticMain(ns.Members, cancellationToken):
                    return true;
                case TypeDeclarationSyntax type when HasStaticMain(type.Members, cancellationToken):
                    return true;
            }
        }

        return false;
    }

    /// <summary>A <c>Main</c> is generated for an executable with exactly one attributed charm, which it can construct, and no user entry point.</summary>
    private static EntryPointSpec? DecideEntryPoint(
        ImmutableArray<EntryPointCandidate> consumers,
        ImmutableArray<EntryPointCandidate> providers,
        CompilationKind kind)
    {
        if (kind != CompilationKind.Executable || consumers.Length + providers.Length != 1)
        {
            return null;
        }

        var charm = consumers.IsEmpty ? providers[0] : consumers[0];
        return charm.Constructible ? new EntryPointSpec(charm.Namespace, charm.FullyQualifiedName) : null;
    }
}
