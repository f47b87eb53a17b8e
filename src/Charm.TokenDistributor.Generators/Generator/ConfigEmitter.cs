using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Generator.Spec;
using Charm.TokenDistributor.Generators.Metadata;

namespace Charm.TokenDistributor.Generators.Generator;

/// <summary>
/// <see cref="ConfigClassSpec"/> → source: the charm's <c>Config</c> property and its nested <c>{Charm}Config</c> class,
/// one property per declared option, each a call of <c>CharmConfig</c>'s typed getters with the option's key and
/// default (no reflection: the charm publishes as Native AOT).
/// </summary>
internal static class ConfigEmitter
{
    private const string CharmConfig = "global::Charm.Framework.Model.CharmConfig";

    /// <summary>The generated file for <paramref name="spec"/>.</summary>
    public static string Emit(ConfigClassSpec spec)
        => CharmEmitter.InCharmClass(spec.Namespace, spec.ContainingTypes, spec.Name, writer => WriteMembers(writer, spec));

    private static void WriteMembers(SourceWriter writer, ConfigClassSpec spec)
    {
        var hides = spec.HidesBaseCharmMembers ? "new " : string.Empty;
        var className = CharmEmitter.Identifier(spec.ClassName);
        writer.Line("/// <summary>");
        writer.Line("/// The config options <c>charmcraft.yaml</c> declares, typed, with their declared defaults; the values are");
        writer.Line("/// <see cref=\"global::Charm.Framework.Model.JujuModel.Config\"/>'s (one <c>config-get</c> per hook).");
        writer.Line("/// </summary>");
        writer.Line("public " + hides + className + " Config => new(Model.Config);");
        writer.Line();
        writer.Line("/// <summary>Typed reads of the config options <c>charmcraft.yaml</c> declares under <c>config.options</c>.</summary>");
        writer.Line(GeneratorInfo.GeneratedCodeAttribute);
        // Each charm's class has its own name, so only the property hides the base charm's.
        writer.Line("public sealed class " + className);
        writer.OpenBrace();
        writer.Line("private readonly " + CharmConfig + " _config;");
        writer.Line();
        writer.Line("/// <summary>Typed reads of <paramref name=\"config\"/>.</summary>");
        writer.Line("/// <param name=\"config\">The charm's config (<c>Model.Config</c>).</param>");
        writer.Line("public " + className + "(" + CharmConfig + " config) => _config = config;");
        foreach (var option in spec.Options)
        {
            writer.Line();
            WriteProperty(writer, option);
        }

        writer.CloseBrace();
    }

    private static void WriteProperty(SourceWriter writer, ConfigOption option)
    {
        var key = CharmEmitter.Literal(option.Key);
        var summary = "<c>" + CharmEmitter.Xml(option.Key) + "</c> (" + TypeName(option.Type)
            + (option.Default is null ? ", no default: null when unset" : ", default " + CharmEmitter.Xml(DescribeDefault(option))) + ")"
            + (option.Description is { } description ? ": " + CharmEmitter.Xml(description) : ".");
        writer.Line("/// <summary>" + summary + "</summary>");
        if (option.Type is ConfigOptionType.Int or ConfigOptionType.Float or ConfigOptionType.Boolean)
        {
            writer.Line("/// <exception cref=\"global::Charm.Framework.ModelException\">The option is set but its value is not of its declared type.</exception>");
        }

        var (type, getter) = option.Type switch
        {
            ConfigOptionType.Int => ("long", "GetInt64"),
            ConfigOptionType.Float => ("double", "GetDouble"),
            ConfigOptionType.Boolean => ("bool", "GetBoolean"),
            _ => ("string", "GetString"),
        };
        string body;
        if (getter == "GetString")
        {
            body = option.Default is { } text ? "_config.GetString(" + key + ") ?? " + CharmEmitter.Literal(text) : "_config.GetString(" + key + ")";
            type = option.Default is null ? "string?" : "string";
        }
        else if (option.Default is { } value)
        {
            body = "_config." + getter + "(" + key + ", " + ValueLiteral(option.Type, value) + ")";
        }
        else
        {
            body = "_config.Contains(" + key + ") ? _config." + getter + "(" + key + ") : null";
            type += "?";
        }

        writer.Line("public " + type + " " + CharmEmitter.Identifier(option.Property) + " => " + body + ";");
    }

    private static string ValueLiteral(ConfigOptionType type, string value) => type switch
    {
        ConfigOptionType.Int => value + "L",
        ConfigOptionType.Float => value + "d",
        _ => value,
    };

    private static string DescribeDefault(ConfigOption option)
        => option.Type is ConfigOptionType.String or ConfigOptionType.Secret ? CharmEmitter.Literal(option.Default!) : option.Default!;

    private static string TypeName(ConfigOptionType type) => type switch
    {
        ConfigOptionType.Int => "int",
        ConfigOptionType.Float => "float",
        ConfigOptionType.Boolean => "boolean",
        ConfigOptionType.Secret => "secret: a secret URI",
        _ => "string",
    };
}
