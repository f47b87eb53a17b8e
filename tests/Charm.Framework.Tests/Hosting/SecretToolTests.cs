using Charm.Framework.Dispatch;
using Charm.Framework.Events;
using Charm.Framework.Hosting;
using Charm.Framework.Model;
using Charm.Framework.TestCharm;
using Charm.Framework.Tests.Support;

namespace Charm.Framework.Tests.Hosting;

/// <summary>
/// The secret tools as real processes on PATH, with ops 3.x's command lines (<c>ops/hookcmds/_secret.py</c>:
/// <c>secret-add [--label][--description][--expire][--rotate] --owner … key#file=…</c>, content only through files;
/// <c>secret-get --format=json [id] [--label L] [--refresh] [--peek]</c>; <c>secret-grant/-revoke --relation N [--unit U] id</c>;
/// <c>secret-remove id [--revision N]</c>; <c>secret-ids --format=json</c>; <c>secret-info-get --format=json id</c>),
/// and ops' mapping of "not found" from a secret tool to a not-found error.
/// </summary>
[Collection(HookToolsCollection.Name)]
public sealed class SecretToolTests : IDisposable
{
    private readonly FakeToolDirectory _tools = new();

    public void Dispose() => _tools.Dispose();

    /// <summary>A tool that also records the content of every <c>key#file=path</c> argument while the file still exists.</summary>
    private void AddContentTool(string name, string stdout = "")
    {
        var record = Path.Combine(_tools.RecordDirectory, name + ".content");
        _tools.AddTool(name, stdout, before: $"for a in \"$@\"; do case \"$a\" in *'#file='*) printf '%s=' \"${{a%%#file=*}}\" >> '{record}'; cat \"${{a#*#file=}}\" >> '{record}'; printf '\\n' >> '{record}';; esac; done");
    }

    private string Content(string name) => File.ReadAllText(Path.Combine(_tools.RecordDirectory, name + ".content"));

    [Fact]
    public void SecretAdd_passes_the_options_in_ops_order_and_the_values_only_through_files_it_deletes()
    {
        AddContentTool("secret-add", "secret:cs1q2w3e4r5t6y7u8i9o\n");

        var id = _tools.CreateBackend().SecretAdd(
            new Dictionary<string, string> { ["password"] = "hunter2 with spaces", ["user"] = "admin" },
            SecretOwner.Unit,
            new SecretOptions { Label = "db", Description = "the db", Expire = new DateTimeOffset(2027, 1, 2, 3, 4, 5, TimeSpan.Zero), Rotate = SecretRotation.Monthly });

        Assert.Equal("secret:cs1q2w3e4r5t6y7u8i9o", id);
        var argv = _tools.SingleCall("secret-add");
        Assert.Equal(["--label", "db", "--description", "the db", "--expire", "2027-01-02T03:04:05Z", "--rotate", "monthly", "--owner", "unit"], argv.Take(10));
        Assert.Equal(2, argv.Count - 10);
        Assert.StartsWith("password#file=", argv[10], StringComparison.Ordinal);
        Assert.StartsWith("user#file=", argv[11], StringComparison.Ordinal);
        Assert.DoesNotContain(argv, a => a.Contains("hunter2", StringComparison.Ordinal));
        Assert.Equal("password=hunter2 with spaces\nuser=admin\n", Content("secret-add"));
        Assert.False(File.Exists(argv[10]["password#file=".Length..]));
    }

    [Fact]
    public void SecretAdd_with_no_options_is_owned_by_the_application()
    {
        AddContentTool("secret-add", "secret:abc\n");

        _ = _tools.CreateBackend().SecretAdd(new Dictionary<string, string> { ["k"] = "v" }, SecretOwner.Application, new SecretOptions());

        Assert.Equal(["--owner", "application"], _tools.SingleCall("secret-add").Take(2));
    }

    [Fact]
    public void SecretGet_runs_every_variant_ops_runs()
    {
        _tools.AddTool("secret-get", """{"password":"p"}""");
        var backend = _tools.CreateBackend();

        Assert.Equal("p", backend.SecretGet("secret:abc", null, refresh: false, peek: false)["password"]);
        _ = backend.SecretGet("secret:abc", "db", refresh: true, peek: false);
        _ = backend.SecretGet(null, "db", refresh: false, peek: true);

        Assert.Equal([["--format=json", "secret:abc"], ["--format=json", "secret:abc", "--label", "db", "--refresh"], ["--format=json", "--label", "db", "--peek"]], _tools.Calls("secret-get"));
    }

    [Fact]
    public void SecretSet_grant_revoke_remove_and_ids_run_ops_command_lines()
    {
        AddContentTool("secret-set");
        _tools.AddTool("secret-grant");
        _tools.AddTool("secret-revoke");
        _tools.AddTool("secret-remove");
        _tools.AddTool("secret-ids", """["secret:a","secret:b"]""");
        var backend = _tools.CreateBackend();
        var relation = new RelationId("db", 4);

        backend.SecretSet("secret:a", new Dictionary<string, string> { ["k"] = "v2" }, new SecretOptions { Label = "new" });
        backend.SecretSet("secret:a", null, new SecretOptions { Rotate = SecretRotation.Never });
        backend.SecretGrant("secret:a", relation, "web/1");
        backend.SecretRevoke("secret:a", relation, null);
        backend.SecretRemove("secret:a", 2);
        backend.SecretRemove("secret:b", null);

        var sets = _tools.Calls("secret-set");
        Assert.Equal(["--label", "new", "secret:a"], sets[0].Take(3));
        Assert.StartsWith("k#file=", sets[0][3], StringComparison.Ordinal);
        Assert.Equal(["--rotate", "never", "secret:a"], sets[1]);
        Assert.Equal("k=v2\n", Content("secret-set"));
        Assert.Equal(["--relation", "4", "--unit", "web/1", "secret:a"], _tools.SingleCall("secret-grant"));
        Assert.Equal(["--relation", "4", "secret:a"], _tools.SingleCall("secret-revoke"));
        Assert.Equal([["secret:a", "--revision", "2"], ["secret:b"]], _tools.Calls("secret-remove"));
        Assert.Equal(["secret:a", "secret:b"], backend.SecretIds());
        Assert.Equal(["--format=json"], _tools.SingleCall("secret-ids"));
    }

    [Fact]
    public void SecretInfoGet_reads_the_one_secret_it_prints()
    {
        _tools.AddTool("secret-info-get", """{"cs1q2w":{"revision":3,"label":"db","owner":"application","rotation":"daily","expiry":"2027-01-02T03:04:05Z"}}""");

        var info = _tools.CreateBackend().SecretInfoGet("secret:cs1q2w", null);

        Assert.Equal(["--format=json", "secret:cs1q2w"], _tools.SingleCall("secret-info-get"));
        Assert.Equal(new SecretInfo("secret:cs1q2w", "db", 3, "application", "daily", "2027-01-02T03:04:05Z", null), info);
    }

    [Fact]
    public void A_secret_tool_saying_not_found_is_SecretNotFoundException()
    {
        _tools.AddTool("secret-get", exitCode: 1, stderr: "ERROR secret \"secret:zzz\" not found\n");

        var e = Assert.Throws<SecretNotFoundException>(() => _tools.CreateBackend().SecretGet("secret:zzz", null, false, false));

        Assert.Equal("secret-get", e.Tool);
    }

    [Fact]
    public void A_secret_event_carries_the_secret_and_revision_juju_names()
    {
        _tools.AddTool("secret-get", """{"k":"v"}""");
        SecretEvent? seen = null;
        IReadOnlyDictionary<string, string>? content = null;

        var outcome = Dispatcher.RunHook(
            DelegateCharm.With(c => c.Framework.Observe(EventKey.SecretRemove, "s", (SecretEvent e) =>
            {
                seen = e;
                content = e.Secret.GetContent(peek: true);
            })),
            new DispatchOptions
            {
                Environment = new Dictionary<string, string>
                {
                    ["JUJU_DISPATCH_PATH"] = "hooks/secret-remove",
                    ["JUJU_UNIT_NAME"] = "db/0",
                    ["JUJU_SECRET_ID"] = "secret:abc",
                    ["JUJU_SECRET_LABEL"] = "creds",
                    ["JUJU_SECRET_REVISION"] = "2",
                },
                Backend = _tools.CreateBackend(),
                StateStore = new InMemoryStateStore(),
                Metadata = CharmMetadata.Empty,
                Error = new StringWriter(),
                HostName = "h",
            });

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal("secret:abc", seen!.Secret.Id);
        Assert.Equal("creds", seen.Secret.Label);
        Assert.Equal(2, seen.Revision);
        Assert.Equal("v", content!["k"]);
        Assert.Equal(["--format=json", "secret:abc", "--label", "creds", "--peek"], _tools.SingleCall("secret-get"));
        Assert.Throws<InvalidOperationException>(seen.Defer);
    }
}
