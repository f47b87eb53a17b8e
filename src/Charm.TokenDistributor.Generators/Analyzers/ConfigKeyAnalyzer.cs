using System.Collections.Immutable;
using System.IO;
using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Diagnostics;
using Charm.TokenDistributor.Generators.Metadata;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Charm.TokenDistributor.Generators.Analyzers;

/// <summary>
/// CTD5009: a read of a config key with a constant name that <c>charmcraft.yaml</c> does not declare under
/// <c>config.options</c> — <c>Model.Config.GetInt64("port")</c>, <c>.GetString</c>, <c>.GetBoolean</c>,
/// <c>.GetDouble</c>, <c>.Contains</c>, and <c>Model.Config.Values["port"]</c> / <c>.Values.TryGetValue("port", …)</c> and
/// any other call on <c>Values</c> taking the key first. Juju's <c>config-get</c> only ever has the declared options,
/// so such a read always gives its fallback. Checked only when <c>charmcraft.yaml</c> (an AdditionalFile) declares
/// <c>config</c>. The diagnostic names the nearest declared key and, when the read is a typed getter of that option's
/// type, its property in the generated config class, for the code fix.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConfigKeyAnalyzer : DiagnosticAnalyzer
{
    private const string CharmConfigType = "Charm.Framework.Model.CharmConfig";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.UndeclaredConfigKey);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(CharmConfigType) is not { } charmConfig)
            {
                return;
            }

            CharmConfigOptions? config = null;
            foreach (var file in start.Options.AdditionalFiles)
            {
                if (Path.GetFileName(file.Path) == "charmcraft.yaml" && file.GetText(start.CancellationToken) is { } text)
                {
                    var read = CharmConfigReader.Read(text, file.Path);
                    config ??= read.Options is null ? null : read;
                }
            }

            if (config?.Options is not { } options)
            {
                return;
            }

            var declared = new Declared(config.DeclaredKeys, options);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, (IInvocationOperation)c.Operation, charmConfig, declared), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeIndexer(c, (IPropertyReferenceOperation)c.Operation, charmConfig, declared), OperationKind.PropertyReference);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, IInvocationOperation invocation, INamedTypeSymbol charmConfig, Declared declared)
    {
        if (invocation.Arguments.Length == 0)
        {
            return;
        }

        var method = invocation.TargetMethod;
        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, charmConfig))
        {
            if (method.Name is "GetString" or "GetBoolean" or "GetInt64" or "GetDouble" or "Contains")
            {
                Check(context, KeyArgument(invocation.Arguments, method), invocation, method.Name, declared);
            }
        }
        else if (IsValues(invocation.Instance, charmConfig))
        {
            Check(context, KeyArgument(invocation.Arguments, method), invocation, getter: null, declared);
        }
    }

    private static void AnalyzeIndexer(OperationAnalysisContext context, IPropertyReferenceOperation reference, INamedTypeSymbol charmConfig, Declared declared)
    {
        if (reference.Property.IsIndexer && reference.Arguments.Length == 1 && IsValues(reference.Instance, charmConfig))
        {
            Check(context, reference.Arguments[0].Value, reference, getter: null, declared);
        }
    }

    /// <summary>The argument of the method's first parameter (the key), whatever order the call names them in.</summary>
    private static IOperation? KeyArgument(ImmutableArray<IArgumentOperation> arguments, IMethodSymbol method)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { Ordinal: 0 } && method.Parameters.Length > 0 && method.Parameters[0].Type.SpecialType == SpecialType.System_String)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="instance"/> is <c>CharmConfig.Values</c>.</summary>
    private static bool IsValues(IOperation? instance, INamedTypeSymbol charmConfig)
        => instance is IPropertyReferenceOperation { Property.Name: "Values" } values && SymbolEqualityComparer.Default.Equals(values.Property.ContainingType, charmConfig);

    private static void Check(OperationAnalysisContext context, IOperation? key, IOperation read, string? getter, Declared declared)
    {
        if (key is null || key.ConstantValue is not { HasValue: true, Value: string name } || declared.Keys.Contains(name))
        {
            return;
        }

        var closest = MetadataCheck.Closest(name, declared.Keys);
        var properties = ImmutableDictionary<string, string?>.Empty;
        if (closest is not null)
        {
            properties = properties.Add(DiagnosticProperties.ConfigKey, closest);
            if (getter is not null && declared.TypedProperty(closest, getter) is { } property)
            {
                properties = properties.Add(DiagnosticProperties.ConfigProperty, property);
            }
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.UndeclaredConfigKey,
            key.Syntax.GetLocation(),
            additionalLocations: [read.Syntax.GetLocation()],
            properties: properties,
            name,
            closest is null ? string.Empty : " (did you mean '" + closest + "'?)"));
    }

    /// <summary>The declared keys, and the options that have a typed property.</summary>
    private sealed class Declared(EquatableArray<string> keys, EquatableArray<ConfigOption> options)
    {
        public ImmutableHashSet<string> Keys { get; } = ImmutableHashSet.CreateRange(System.StringComparer.Ordinal, keys);

        /// <summary>
        /// The property of <paramref name="key"/> when reading it with <paramref name="getter"/> gives the same type: a
        /// string getter for a string or secret option, or the option's own getter when it has a default (the property is
        /// then not nullable either).
        /// </summary>
        public string? TypedProperty(string key, string getter)
        {
            foreach (var option in options)
            {
                if (option.Key != key)
                {
                    continue;
                }

                var matches = option.Type switch
                {
                    ConfigOptionType.String or ConfigOptionType.Secret => getter == "GetString",
                    ConfigOptionType.Int => getter == "GetInt64" && option.Default is not null,
                    ConfigOptionType.Float => getter == "GetDouble" && option.Default is not null,
                    _ => getter == "GetBoolean" && option.Default is not null,
                };
                return matches ? option.Property : null;
            }

            return null;
        }
    }
}
