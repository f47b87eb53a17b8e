using Charm.TokenDistributor.Generators.Diagnostics;
using System;
using System.Collections.Immutable;
using Charm.TokenDistributor.Generators.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Charm.TokenDistributor.Generators.Analyzers;

/// <summary>
/// CTD2003: a value read from the mirror reaches a log call, the console, an exception's message or a status. Sinks
/// are found by operation; each of their arguments is traced back through the method's locals.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MirrorValueLeakAnalyzer : DiagnosticAnalyzer
{
    private const string LogSink = "a log call";
    private const string ConsoleSink = "the console";
    private const string ExceptionSink = "an exception message";
    private const string StatusSink = "a status message";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.MirrorValueLeak);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var types = CharmTypes.Resolve(start.Compilation);
            if (types.Mirror is null && types.Databag is null)
            {
                // Nothing in this compilation can read the mirror.
                return;
            }

            var sinks = new Sinks(
                types,
                start.Compilation.GetTypeByMetadataName("System.Exception"),
                start.Compilation.GetTypeByMetadataName("System.Console"),
                start.Compilation.GetTypeByMetadataName("System.IO.TextWriter"));
            var tracer = new MirrorTaintTracer(types, new LocalFlow.Cache());
            start.RegisterOperationAction(c => AnalyzeInvocation(c, sinks, tracer), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeCreation(c, sinks, tracer), OperationKind.ObjectCreation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, Sinks sinks, MirrorTaintTracer tracer)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (sinks.Describe(invocation) is { } sink && invocation.Arguments.Length > 0)
        {
            ReportTaintedArguments(context, invocation.Arguments, sink, tracer);
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, Sinks sinks, MirrorTaintTracer tracer)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (sinks.Describe(creation) is { } sink && creation.Arguments.Length > 0)
        {
            ReportTaintedArguments(context, creation.Arguments, sink, tracer);
        }
    }

    private static void ReportTaintedArguments(OperationAnalysisContext context, ImmutableArray<IArgumentOperation> arguments, string sink, MirrorTaintTracer tracer)
    {
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } expanded })
            {
                foreach (var element in expanded.ElementValues)
                {
                    Report(context, element, element.Syntax, sink, tracer);
                }
            }
            else
            {
                Report(context, argument.Value, argument.Value.Syntax, sink, tracer);
            }
        }
    }

    private static void Report(OperationAnalysisContext context, IOperation value, SyntaxNode site, string sink, MirrorTaintTracer tracer)
    {
        if (tracer.Of(value) == Taint.Value)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MirrorValueLeak, site.GetLocation(), sink));
        }
    }

    private sealed class Sinks
    {
        private readonly CharmTypes _types;
        private readonly INamedTypeSymbol? _exception;
        private readonly INamedTypeSymbol? _console;
        private readonly INamedTypeSymbol? _textWriter;

        public Sinks(CharmTypes types, INamedTypeSymbol? exception, INamedTypeSymbol? console, INamedTypeSymbol? textWriter)
        {
            _types = types;
            _exception = exception;
            _console = console;
            _textWriter = textWriter;
        }

        /// <summary>What the call shows its arguments to, or null when it is not a sink.</summary>
        public string? Describe(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            if (Is(type, _types.JujuLogger))
            {
                return LogSink;
            }

            if (Is(type, _types.Status))
            {
                return method.IsStatic ? StatusSink : null;
            }

            if (Is(type, _console))
            {
                return method.Name.StartsWith("Write", StringComparison.Ordinal) ? ConsoleSink : null;
            }

            if (Is(type, _textWriter) && method.Name.StartsWith("Write", StringComparison.Ordinal)
                && invocation.Instance is IPropertyReferenceOperation { Property.Name: "Out" or "Error" } stream && Is(stream.Property.ContainingType, _console))
            {
                return ConsoleSink;
            }

            if (type is { Name: "Debug" or "Trace", ContainingNamespace: { Name: "Diagnostics", ContainingNamespace.Name: "System" } })
            {
                return LogSink;
            }

            // ILogger and friends: LogInformation(…), Log(…), on a type (or extending a type) whose name says it logs.
            if (method.Name.StartsWith("Log", StringComparison.Ordinal)
                && (IsLoggerName(type) || IsLoggerName(invocation.Instance?.Type) || (method.IsExtensionMethod && method.Parameters.Length > 0 && IsLoggerName(method.Parameters[0].Type))))
            {
                return LogSink;
            }

            return null;
        }

        public string? Describe(IObjectCreationOperation creation)
        {
            if (creation.Type is not INamedTypeSymbol type)
            {
                return null;
            }

            if (Is(type, _types.Status))
            {
                return StatusSink;
            }

            return _exception is not null && CharmTypes.DerivesFrom(type, _exception) ? ExceptionSink : null;
        }

        private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
            => expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);

        private static bool IsLoggerName(ITypeSymbol? type)
            => type is not null && type.Name.IndexOf("Logger", StringComparison.Ordinal) >= 0;
    }
}
