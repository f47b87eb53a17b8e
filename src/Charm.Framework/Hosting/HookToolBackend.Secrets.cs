using System.Globalization;
using System.Text;
using Charm.Framework.Model;

namespace Charm.Framework.Hosting;

/// <summary>
/// The secret tools, with ops 3.x's command lines (<c>ops/hookcmds/_secret.py</c>). Content is passed as
/// <c>key#file=&lt;path&gt;</c>, each value in a file of a private temporary directory that is deleted when the tool
/// returns, so no secret value is ever on a command line (visible in <c>/proc</c> and in logs).
/// </summary>
public sealed partial class HookToolBackend
{
    /// <inheritdoc />
    public string SecretAdd(IReadOnlyDictionary<string, string> content, SecretOwner owner, SecretOptions options)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        if (content.Count == 0)
        {
            throw new ArgumentException("A secret needs at least one key; Juju refuses empty content.", nameof(content));
        }

        var arguments = options.Arguments().Concat(["--owner", owner == SecretOwner.Unit ? "unit" : "application"]);
        var output = WithContentFiles(content, files => Run("secret-add", null, [.. arguments, .. files]));
        var id = output.Text().Trim();
        return id.Length > 0 ? id : throw output.Unexpected("the new secret's id");
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> SecretGet(string? id, string? label, bool refresh, bool peek)
    {
        var arguments = new List<string> { "--format=json" };
        if (id is not null)
        {
            arguments.Add(id);
        }

        if (label is not null)
        {
            arguments.AddRange(["--label", label]);
        }

        if (refresh)
        {
            arguments.Add("--refresh");
        }

        if (peek)
        {
            arguments.Add("--peek");
        }

        return Run("secret-get", null, [.. arguments]).StringMap();
    }

    /// <inheritdoc />
    public void SecretSet(string id, IReadOnlyDictionary<string, string>? content, SecretOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        string[] arguments = [.. (options ?? new SecretOptions()).Arguments(), id];
        _ = content is null || content.Count == 0
            ? Run("secret-set", null, arguments)
            : WithContentFiles(content, files => Run("secret-set", null, [.. arguments, .. files]));
    }

    /// <inheritdoc />
    public void SecretGrant(string id, RelationId relation, string? unit)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        _ = Run("secret-grant", null, [.. RelationAndUnit(relation, unit), id]);
    }

    /// <inheritdoc />
    public void SecretRevoke(string id, RelationId relation, string? unit)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        _ = Run("secret-revoke", null, [.. RelationAndUnit(relation, unit), id]);
    }

    /// <inheritdoc />
    public void SecretRemove(string id, int? revision)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        _ = revision is { } r
            ? Run("secret-remove", null, id, "--revision", r.ToString(CultureInfo.InvariantCulture))
            : Run("secret-remove", null, id);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> SecretIds() => Run("secret-ids", null, "--format=json").StringArray();

    /// <inheritdoc />
    public SecretInfo SecretInfoGet(string? id, string? label)
    {
        if (id is null && label is null)
        {
            throw new ArgumentException("secret-info-get needs a secret id or a label.", nameof(id));
        }

        var output = id is not null ? Run("secret-info-get", null, "--format=json", id) : Run("secret-info-get", null, "--format=json", "--label", label!);
        return output.SecretInfo();
    }

    private static string[] RelationAndUnit(RelationId relation, string? unit)
        => unit is null
            ? ["--relation", relation.Number.ToString(CultureInfo.InvariantCulture)]
            : ["--relation", relation.Number.ToString(CultureInfo.InvariantCulture), "--unit", unit];

    private static T WithContentFiles<T>(IReadOnlyDictionary<string, string> content, Func<string[], T> run)
    {
        var directory = Directory.CreateTempSubdirectory("charm-secret-");
        try
        {
            var arguments = new List<string>();
            foreach (var key in content.Keys.Order(StringComparer.Ordinal))
            {
                if (key.Length == 0 || key.Contains('/', StringComparison.Ordinal) || key.Contains('#', StringComparison.Ordinal) || key.Contains('=', StringComparison.Ordinal))
                {
                    throw new ArgumentException($"'{key}' is not a secret key: Juju's are lowercase letters, digits and hyphens.", nameof(content));
                }

                var path = Path.Combine(directory.FullName, key);
                File.WriteAllText(path, content[key] ?? "", new UTF8Encoding(false));
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                arguments.Add($"{key}#file={path}");
            }

            return run([.. arguments]);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
