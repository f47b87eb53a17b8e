using System;
using System.Text;

namespace Charm.TokenDistributor.Generators.Common;

/// <summary>
/// Writes C# source line by line with four-space indentation and <c>\n</c> line ends, whatever the host platform, so
/// generated text is byte-identical everywhere (snapshot tests, deterministic builds).
/// </summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";

    private readonly StringBuilder _builder = new();
    private int _indent;

    /// <summary>The current indentation depth.</summary>
    public int Indent => _indent;

    /// <summary>Writes <paramref name="line"/> at the current indentation, then a line end. An empty line gets no indentation.</summary>
    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            for (var i = 0; i < _indent; i++)
            {
                _builder.Append(IndentUnit);
            }

            _builder.Append(line);
        }

        _builder.Append('\n');
        return this;
    }

    /// <summary>Writes each line of <paramref name="text"/> (split on <c>\n</c>; <c>\r</c> dropped) at the current indentation.</summary>
    public SourceWriter Lines(string text)
    {
        foreach (var line in text.Replace("\r", string.Empty).Split('\n'))
        {
            Line(line);
        }

        return this;
    }

    /// <summary>Writes <c>{</c> and indents.</summary>
    public SourceWriter OpenBrace()
    {
        Line("{");
        _indent++;
        return this;
    }

    /// <summary>Unindents and writes <c>}</c> followed by <paramref name="suffix"/> (e.g. <c>;</c>).</summary>
    public SourceWriter CloseBrace(string suffix = "")
    {
        if (_indent == 0)
        {
            throw new InvalidOperationException("Unbalanced braces in generated source.");
        }

        _indent--;
        Line("}" + suffix);
        return this;
    }

    /// <summary>Increases the indentation without writing a brace.</summary>
    public SourceWriter PushIndent()
    {
        _indent++;
        return this;
    }

    /// <summary>Decreases the indentation.</summary>
    public SourceWriter PopIndent()
    {
        if (_indent == 0)
        {
            throw new InvalidOperationException("Unbalanced indentation in generated source.");
        }

        _indent--;
        return this;
    }

    /// <summary>The text written so far.</summary>
    public override string ToString() => _builder.ToString();
}
