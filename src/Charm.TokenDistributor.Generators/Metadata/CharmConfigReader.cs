using System;
using System.Collections.Generic;
using System.Globalization;
using Charm.TokenDistributor.Generators.Common;
using Charm.TokenDistributor.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Charm.TokenDistributor.Generators.Metadata;

/// <summary>
/// Reads <c>config.options</c> of <c>charmcraft.yaml</c> (charmcraft's schema: each option a mapping with a required
/// <c>type</c> — <c>string</c>, <c>int</c>, <c>float</c>, <c>boolean</c> or <c>secret</c> — an optional <c>default</c> of that
/// type and an optional <c>description</c>). Options in block style or as one-line flow mappings
/// (<c>port: {type: int, default: 1}</c>); a field's value plain, quoted, or a <c>|</c>/<c>&gt;</c> block scalar. What it
/// cannot take is reported (CTD5007, CTD5008) at the line, never thrown.
/// </summary>
internal static class CharmConfigReader
{
    private static readonly string[] TypeNames = ["string", "int", "float", "boolean", "secret"];

    /// <summary>Members every class has: a property of that name would hide them.</summary>
    private static readonly string[] ReservedProperties = ["Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "Finalize", "ReferenceEquals"];

    /// <summary>The options of <paramref name="text"/>, the file at <paramref name="path"/>.</summary>
    public static CharmConfigOptions Read(SourceText text, string path)
    {
        var walk = new Walk(text, path);
        var lines = new List<YamlLine>(YamlLines.Of(text));
        var inConfig = false;
        var configIndent = -1;
        var inOptions = false;
        var optionIndent = -1;
        for (var i = 0; i < lines.Count; i++)
        {
            var (indent, body, _) = lines[i];
            if (indent == 0)
            {
                walk.Flush();
                inConfig = false;
                inOptions = false;
                if (CharmMetadataReader.SplitKey(body, out var top, out var rest) && top == "config")
                {
                    walk.Declared();
                    inConfig = rest.Length == 0;
                    configIndent = -1;
                    walk.RequireBlock(rest, lines[i], "config");
                }

                continue;
            }

            if (!inConfig)
            {
                continue;
            }

            if (configIndent < 0)
            {
                configIndent = indent;
            }

            if (indent == configIndent)
            {
                walk.Flush();
                inOptions = CharmMetadataReader.SplitKey(body, out var key, out var rest) && key == "options" && rest.Length == 0;
                optionIndent = -1;
                if (key == "options")
                {
                    walk.RequireBlock(rest, lines[i], "config.options");
                }

                continue;
            }

            if (!inOptions || indent < configIndent)
            {
                continue;
            }

            if (optionIndent < 0)
            {
                optionIndent = indent;
            }

            if (indent == optionIndent)
            {
                walk.Flush();
                walk.StartOption(lines[i]);
            }
            else if (indent > optionIndent)
            {
                i = walk.Field(lines, i);
            }
        }

        walk.Flush();
        return walk.Result();
    }

    /// <summary>The state of one read: the option being read, and what has been found.</summary>
    private sealed class Walk(SourceText text, string path)
    {
        private readonly List<ConfigOption> _options = [];
        private readonly List<string> _declaredKeys = [];
        private readonly List<DiagnosticInfo> _diagnostics = [];
        private readonly Dictionary<string, string> _properties = new(StringComparer.Ordinal);
        private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
        private bool _declared;
        private string? _key;
        private YamlLine _keyLine;
        private int _fieldIndent = -1;
        private bool _broken;
        private (string Value, bool Quoted, YamlLine Line)? _type;
        private (string Value, bool Quoted, YamlLine Line)? _default;
        private string? _description;

        public void Declared() => _declared = true;

        public CharmConfigOptions Result()
            => _declared
                ? new(_options.ToEquatableArray(), _diagnostics.ToEquatableArray(), _declaredKeys.ToEquatableArray())
                : new(null, _diagnostics.ToEquatableArray(), EquatableArray<string>.Empty);

        /// <summary><c>config:</c> and <c>options:</c> are read in block style; <c>{}</c> declares nothing.</summary>
        public void RequireBlock(string rest, YamlLine line, string what)
        {
            if (rest.Length > 0 && rest != "{}")
            {
                Report(DiagnosticDescriptors.ConfigOptionMalformed, line, what, "write '" + what + "' as a block mapping (one key per line); the generator reads no other form here");
            }
        }

        public void StartOption(YamlLine line)
        {
            if (!CharmMetadataReader.SplitKey(line.Body, out var key, out var rest))
            {
                Report(DiagnosticDescriptors.ConfigOptionMalformed, line, line.Body, "expected '<option name>:' followed by the option's type, default and description");
                return;
            }

            _key = key;
            _keyLine = line;
            _declaredKeys.Add(key);
            if (rest.StartsWith("{", StringComparison.Ordinal))
            {
                CharmMetadataReader.ForEachFlowEntry(rest, (field, value) => Set(field, value, line));
            }
            else if (rest.Length > 0)
            {
                Fail(line, "the option is '" + rest + "', not a mapping with 'type', 'default' and 'description'");
            }
        }

        /// <summary>Reads the field at <paramref name="index"/> (and a block scalar's lines after it); the index of its last line.</summary>
        public int Field(List<YamlLine> lines, int index)
        {
            var line = lines[index];
            if (_key is null)
            {
                return index;
            }

            if (_fieldIndent < 0)
            {
                _fieldIndent = line.Indent;
            }

            if (line.Indent != _fieldIndent || !CharmMetadataReader.SplitKey(line.Body, out var field, out var value))
            {
                return index;
            }

            if (value.Length > 0 && (value[0] == '|' || value[0] == '>'))
            {
                var block = new List<string>();
                var last = index;
                var blockIndent = -1;
                foreach (var raw in BlockLines(line))
                {
                    if (raw.Indent <= _fieldIndent)
                    {
                        break;
                    }

                    blockIndent = blockIndent < 0 ? raw.Indent : Math.Min(blockIndent, raw.Indent);
                    block.Add(raw.Text);
                    while (last + 1 < lines.Count && lines[last + 1].Line.LineNumber <= raw.Number)
                    {
                        last++;
                    }
                }

                var joined = new List<string>();
                foreach (var b in block)
                {
                    joined.Add(b.Length >= blockIndent ? b.Substring(blockIndent) : b.Trim());
                }

                SetValue(field, string.Join(value[0] == '|' ? "\n" : " ", joined) + (value.EndsWith("-", StringComparison.Ordinal) || joined.Count == 0 ? string.Empty : "\n"), quoted: true, line);
                return last;
            }

            Set(field, value, line);
            return index;
        }

        /// <summary>The raw lines after <paramref name="header"/> (comments kept, as a block scalar keeps them), up to the first less-indented non-blank one.</summary>
        private IEnumerable<(int Indent, string Text, int Number)> BlockLines(YamlLine header)
        {
            for (var n = header.Line.LineNumber + 1; n < text.Lines.Count; n++)
            {
                var raw = text.Lines[n].ToString().TrimEnd();
                if (raw.Trim().Length == 0)
                {
                    continue;
                }

                var indent = 0;
                while (indent < raw.Length && raw[indent] == ' ')
                {
                    indent++;
                }

                yield return (indent, raw, n);
            }
        }

        private void Set(string field, string value, YamlLine line)
        {
            var quoted = value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[value.Length - 1] == value[0];
            SetValue(field, CharmMetadataReader.Unquote(value), quoted, line);
        }

        private void SetValue(string field, string value, bool quoted, YamlLine line)
        {
            switch (field)
            {
                case "type":
                    _type = (value, quoted, line);
                    break;
                case "default":
                    _default = (value, quoted, line);
                    break;
                case "description":
                    _description = value.Trim().Replace('\n', ' ');
                    break;
            }
        }

        /// <summary>Ends the option being read: checks it and keeps it when it is valid.</summary>
        public void Flush()
        {
            if (_key is { } key && !_broken)
            {
                Complete(key);
            }

            _key = null;
            _fieldIndent = -1;
            _broken = false;
            _type = null;
            _default = null;
            _description = null;
        }

        private void Complete(string key)
        {
            if (_type is not { } type)
            {
                Fail(_keyLine, "it has no 'type'; charmcraft requires one of " + string.Join(", ", TypeNames));
                return;
            }

            var index = Array.IndexOf(TypeNames, type.Value);
            if (index < 0)
            {
                Fail(type.Line, "its type '" + type.Value + "' is not one of " + string.Join(", ", TypeNames));
                return;
            }

            var kind = (ConfigOptionType)index;
            string? value = null;
            if (_default is { } given && !(IsNull(given.Value) && !given.Quoted))
            {
                value = Canonical(kind, given.Value, given.Quoted);
                if (value is null)
                {
                    Fail(given.Line, "its default '" + given.Value + "' is not " + (kind == ConfigOptionType.Int ? "an int" : "a " + TypeNames[index]) + (kind == ConfigOptionType.Boolean ? " (write true or false)" : string.Empty));
                    return;
                }
            }

            if (!_keys.Add(key))
            {
                Fail(_keyLine, "the option is declared twice");
                return;
            }

            var property = Naming.ToPascalCase(key);
            if (property.Length == 0 || Array.IndexOf(ReservedProperties, property) >= 0)
            {
                Report(DiagnosticDescriptors.ConfigOptionWithoutProperty, _keyLine, key, property.Length == 0 ? "its name has no letters or digits to name a property after" : "its property '" + property + "' would hide object." + property);
                return;
            }

            if (_properties.TryGetValue(property, out var other))
            {
                Report(DiagnosticDescriptors.ConfigOptionWithoutProperty, _keyLine, key, "its property '" + property + "' is already the property of '" + other + "'");
                return;
            }

            _properties.Add(property, key);
            _options.Add(new ConfigOption(key, property, kind, value, _description is { Length: > 0 } d ? d : null, LocationOf(_keyLine)));
        }

        private void Fail(YamlLine line, string reason)
        {
            _broken = true;
            Report(DiagnosticDescriptors.ConfigOptionMalformed, line, _key ?? line.Body, reason);
        }

        private void Report(DiagnosticDescriptor descriptor, YamlLine line, string subject, string reason)
            => _diagnostics.Add(DiagnosticInfo.Create(descriptor, LocationOf(line), subject, reason));

        private Location LocationOf(YamlLine line)
        {
            var span = new TextSpan(line.Line.Start + line.Indent, line.Body.Length);
            return Location.Create(path, span, text.Lines.GetLinePositionSpan(span));
        }
    }

    /// <summary>YAML's null: empty, <c>~</c> or <c>null</c> (unquoted).</summary>
    private static bool IsNull(string value) => value is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>A default in canonical form for its type, or null when it is not of that type.</summary>
    private static string? Canonical(ConfigOptionType type, string value, bool quoted)
    {
        switch (type)
        {
            case ConfigOptionType.Int:
                return !quoted && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
                    ? integer.ToString(CultureInfo.InvariantCulture)
                    : null;
            case ConfigOptionType.Float:
                return !quoted && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && !double.IsInfinity(real) && !double.IsNaN(real)
                    ? real.ToString("R", CultureInfo.InvariantCulture)
                    : null;
            case ConfigOptionType.Boolean:
                // YAML's core-schema booleans only: 'yes'/'on' are booleans to YAML 1.1 readers but strings to 1.2 ones.
                return quoted ? null : value switch
                {
                    "true" or "True" or "TRUE" => "true",
                    "false" or "False" or "FALSE" => "false",
                    _ => null,
                };
            default:
                return value;
        }
    }
}
