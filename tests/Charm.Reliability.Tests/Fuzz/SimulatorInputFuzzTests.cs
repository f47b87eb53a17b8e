using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Charm.Framework.Events;
using Charm.Reliability.Tests.Support;
using Charm.Simulator.Backends;
using Charm.Simulator.HookTool;
using Charm.Simulator.HookToolServer;
using Charm.Simulator.Microcluster;
using Charm.Simulator.Parser;
using Charm.Simulator.Scenarios;
using Charm.Simulator.Scheduler;
using Charm.TokenDistributor.Consumer;
using CsCheck;

namespace Charm.Reliability.Tests.Fuzz;

/// <summary>
/// The simulator's parsers of what a charm (or its hook tool) hands it: settings from <c>relation-set</c>/<c>state-set</c>
/// <c>--file</c>, hook-tool command lines, the socket frames between <c>charm-sim-tool</c> and the server, scenario files,
/// and whole hook-tool calls. Only the documented, typed errors may come out.
/// </summary>
public sealed class SimulatorInputFuzzTests
{
    /// <summary>YAML and JSON shapes: scalars, nesting, anchors and aliases, tags, flow and block collections, documents.</summary>
    private static readonly string[] YamlPieces =
    [
        "a: b", "a: 1", "a:", "a: ~", "a: null", "? a\n: b", "a: [1, 2]", "a: {b: c}", "- a", "[", "]", "{", "}", "&x a", "*x", "a: &x b\nc: *x",
        "a: *nope", "!!str 1", "!!binary aGk=", "!!map {}", "!tag a", "%YAML 1.1\n---", "---", "...", "a: |\n  x\n  y", "a: >-\n  x", "\"a\": \"\\u00e9\"",
        "\"a\": \"\\ud83d\\ude42\"", "\"a\": \"\\ud800\"", "\"a\":\"\\x00\"", "a: 'b''c'", "<<: {a: b}", "a: b\na: c", "{\"a\": \"b\", \"a\": \"c\"}",
        "a:\n  - b\n  - c", "\t", "  a: b", "a: b #c", "#", "@", "`", "a: !!float .inf", "\"\\N\"", "\ufeffa: b", "a: \"", "'", "? [a]\n: b",
    ];

    private static readonly Gen<string> Yaml = Gen.Frequency(
        (4, Gen.OneOf(YamlPieces).Array[1, 6].Select(parts => string.Join("\n", parts))),
        (2, Gen.Select(Gen.OneOf(YamlPieces), Hostile.Text, Gen.OneOf(YamlPieces), (a, b, c) => a + b + "\n" + c)),
        (2, Hostile.Text),
        (1, Gen.Int[1, 300].Select(n => new string('[', n) + new string(']', n))),
        (1, Gen.Int[1, 200].Select(n => string.Concat(Enumerable.Repeat("{a: ", n)) + "b" + new string('}', n))),
        (1, Gen.Int[1, 150].Select(n => string.Concat(Enumerable.Range(0, n).Select(i => new string(' ', i) + "- \n")))),
        (1, Gen.Int[1, 9].Select(n => "a: &a [x, x]\n" + string.Concat(Enumerable.Range(0, n).Select(i => $"{(char)('b' + i)}: &{(char)('b' + i)} [*{(char)('a' + i)}, *{(char)('a' + i)}]\n")))));

    private static readonly Gen<Dictionary<string, string>> ValidMap = Gen.Select(Hostile.ValidText, Hostile.ValidText).Array[0, 6]
        .Select(pairs => pairs.GroupBy(p => p.Item1, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Item2, StringComparer.Ordinal));

    [Fact]
    public void SettingsFromAFileAreAMappingOrARefusal()
        => Gen.Frequency((3, Yaml), (1, ValidMap.Select(m => JsonSerializer.Serialize(m))), (1, Gen.Select(ValidMap, Gen.Int[0, 1000], Hostile.Text, Mutate))).Run(
            text =>
            {
                try
                {
                    var settings = SettingsParser.ParseMapping(text, "standard input");
                    Assert.All(settings, p => Assert.NotNull(p.Value));
                }
                catch (HookToolError e)
                {
                    Assert.Equal(HookToolError.ExitError, e.ExitCode);
                    Assert.StartsWith("ERROR cannot parse settings from standard input", e.StandardError, StringComparison.Ordinal);
                }
            },
            iter: 10_000,
            print: Hostile.Show);

    [Fact]
    public void SettingsWrittenAsJsonReadBackAsWritten()
        => Gen.Select(ValidMap, Gen.Bool).Run(
            (map, asciiOnly) =>
            {
                // ops 3.x sends JSON on standard input; Python's json.dumps escapes every non-ASCII character (ensure_ascii).
                var json = JsonSerializer.Serialize(map, asciiOnly ? AsciiJson : UnicodeJson);
                if (System.Text.RegularExpressions.Regex.IsMatch(json, @"(?<!\\)(?:\\\\)*\\u[dD][89a-fA-F]"))
                {
                    // A character outside the BMP written as a surrogate-pair escape: go-yaml (Juju's reader) refuses it.
                    var refused = Assert.Throws<HookToolError>(() => SettingsParser.ParseMapping(json, "standard input"));
                    Assert.Contains("found invalid Unicode character escape code", refused.StandardError, StringComparison.Ordinal);
                    return;
                }

                var settings = SettingsParser.ParseMapping(json, "standard input");
                foreach (var (key, value) in map)
                {
                    Assert.True(settings.TryGetValue(key, out var read), $"key {Hostile.Show(key)} missing from {Hostile.Show(json)}");
                    Assert.Equal(value, read);
                }

                Assert.Equal(map.Count, settings.Count);
            },
            iter: 5_000,
            print: m => Hostile.Show(JsonSerializer.Serialize(m)));

    private static readonly JsonSerializerOptions AsciiJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default };

    private static readonly JsonSerializerOptions UnicodeJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly ToolFlag[][] FlagSets =
    [
        [],
        [new("format")],
        [new("format"), new("relation", 'r'), new("app", IsBoolean: true)],
        [new("format"), new("relation", 'r'), new("app", IsBoolean: true), new("file")],
        [new("log-level", 'l'), new("debug", IsBoolean: true)],
        [new("all", 'a', IsBoolean: true), new("format")],
    ];

    private static readonly Gen<string> Argument = Gen.Frequency(
        (3, Hostile.Text),
        (3, Gen.OneOf("-", "--", "-r", "--relation", "-r=", "-rcluster:0", "--app", "--app=false", "--app=maybe", "--app=", "-a", "-ab", "--format=json",
            "-format=yaml", "--file", "--file=-", "-l", "--log-level=x", "--debug=1", "---", "-=", "--=x", "-\uD800", "--\0")),
        (1, Hostile.Text.Select(t => "-" + t)),
        (1, Hostile.Text.Select(t => "--" + t)));

    [Fact]
    public void ACommandLineParsesOrIsAUsageError()
        => Gen.Select(Argument.Array[0, 8], Gen.Int[0, FlagSets.Length - 1]).Run(
            (arguments, set) =>
            {
                var flags = FlagSets[set];
                try
                {
                    var parsed = ToolArguments.Parse(arguments, flags);
                    Assert.All(parsed.Values.Keys, name => Assert.Contains(flags, f => f.Name == name));
                    Assert.All(flags.Where(f => f.IsBoolean && parsed.Values.ContainsKey(f.Name)), f => Assert.Contains(parsed.Values[f.Name], new[] { "true", "false" }));
                    Assert.True(parsed.Positionals.Count <= arguments.Length);
                }
                catch (HookToolError e)
                {
                    Assert.Equal(HookToolError.ExitUsage, e.ExitCode);
                    Assert.StartsWith("ERROR ", e.StandardError, StringComparison.Ordinal);
                }
            },
            iter: 10_000,
            print: t => string.Join(" | ", t.Item1.Select(Hostile.Show)));

    private static readonly Gen<ToolRequest> Requests = Gen.Select(Hostile.Text, Hostile.Text, Hostile.Text, Hostile.Text.Array[0, 5], Gen.Null(Hostile.Text))
        .Select((context, tool, directory, arguments, input) => new ToolRequest(context, tool, directory, arguments, input));

    private static readonly Gen<ToolResponse> Responses = Gen.Select(Gen.Int, Hostile.Text, Hostile.Text, Gen.Bool)
        .Select((code, output, error, hang) => new ToolResponse(code, output, error, hang));

    /// <summary>A payload: random bytes, a valid one, or a valid one cut short, with bytes flipped, or with garbage appended.</summary>
    private static Gen<byte[]> Payloads(Gen<byte[]> valid) => Gen.Frequency(
        (2, Hostile.Bytes),
        (1, valid),
        (2, Gen.Select(valid, Gen.Int[0, int.MaxValue], (bytes, cut) => bytes[..(cut % (bytes.Length + 1))])),
        (3, Gen.Select(valid, Gen.Int[0, int.MaxValue].Array[1, 4], Gen.Byte.Array[1, 4], Flip)),
        (1, Gen.Select(valid, Gen.Byte.Array[1, 16], (bytes, extra) => (byte[])[.. bytes, .. extra])));

    private static byte[] Flip(byte[] bytes, int[] at, byte[] values)
    {
        var copy = bytes.ToArray();
        for (var i = 0; i < at.Length && copy.Length > 0; i++)
        {
            copy[at[i] % copy.Length] = values[i % values.Length];
        }

        return copy;
    }

    [Fact]
    public void ARequestFrameDecodesOrIsInvalidData()
        => Payloads(Requests.Select(HookToolProtocol.EncodeRequest)).Run(
            payload =>
            {
                try
                {
                    var request = HookToolProtocol.DecodeRequest(payload);
                    Assert.NotNull(request.Arguments);
                }
                catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
                {
                }
            },
            iter: 10_000,
            print: p => Convert.ToHexString(p[..Math.Min(p.Length, 64)]));

    [Fact]
    public void AResponseFrameDecodesOrIsInvalidData()
        => Payloads(Responses.Select(HookToolProtocol.EncodeResponse)).Run(
            payload =>
            {
                try
                {
                    _ = HookToolProtocol.DecodeResponse(payload);
                }
                catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
                {
                }
            },
            iter: 10_000,
            print: p => Convert.ToHexString(p[..Math.Min(p.Length, 64)]));

    [Fact]
    public void RequestsAndResponsesOfValidTextRoundTrip()
        => Gen.Select(Requests, Responses).Run(
            (request, response) =>
            {
                var back = HookToolProtocol.DecodeRequest(HookToolProtocol.EncodeRequest(request));
                Assert.Equal(Hostile.Valid(request.ContextId), back.ContextId);
                Assert.Equal(Hostile.Valid(request.Tool), back.Tool);
                Assert.Equal(request.Arguments.Select(Hostile.Valid), back.Arguments);
                Assert.Equal(request.StandardInput is null ? null : Hostile.Valid(request.StandardInput), back.StandardInput);
                var answer = HookToolProtocol.DecodeResponse(HookToolProtocol.EncodeResponse(response));
                Assert.Equal(response with { StandardOutput = Hostile.Valid(response.StandardOutput), StandardError = Hostile.Valid(response.StandardError) }, answer);
            },
            iter: 2_000);

    [Fact]
    public void AStreamYieldsFramesOrInvalidData()
        => Gen.Frequency(
                (2, Hostile.Bytes),
                (3, Gen.Select(Hostile.Bytes, Gen.Int[0, int.MaxValue], Gen.Int, (payload, cut, length) =>
                {
                    var frame = new byte[4 + payload.Length];
                    BinaryPrimitives.WriteInt32LittleEndian(frame, length % 3 == 0 ? length : payload.Length);
                    payload.CopyTo(frame, 4);
                    return frame[..(cut % 2 == 0 ? frame.Length : cut % (frame.Length + 1))];
                })))
            .Run(
                bytes =>
                {
                    using var stream = new TrickleStream(bytes);
                    try
                    {
                        var payload = HookToolProtocol.ReadFrame(stream);
                        if (payload is null)
                        {
                            Assert.Empty(bytes);
                        }
                        else
                        {
                            Assert.Equal(bytes.AsSpan(4, payload.Length).ToArray(), payload);
                        }
                    }
                    catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
                    {
                    }
                },
                iter: 10_000,
                print: p => Convert.ToHexString(p[..Math.Min(p.Length, 64)]));

    /// <summary>A read-only stream that hands out its bytes a few at a time, as a socket may.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 3));
    }

    private static readonly string[] Steps = ["add-unit", "remove-unit", "move-leader", "set-leader", "expire-tokens", "config", "update-status", "wait", "run", "converge"];

    private static readonly Gen<string> StepText = Gen.Frequency(
        (2, Gen.Select(Gen.OneOf(Steps), Gen.Frequency((2, Hostile.Text), (2, Gen.OneOf("1", "0", "-1", "2147483648", "1e400s", "1e20d", "Infinitys", "NaNm", "-0s", "5m", "4h",
            "10675199.1d", "99999999:00:00", "01:30:00", "a=b", "=b", "microctl/1", "x y z"))).Array[0, 3], (word, args) => word + " " + string.Join(' ', args))),
        (1, Hostile.Text));

    private static readonly Gen<string> Scenarios = Gen.Frequency(
        (2, Yaml),
        (3, Gen.Select(Gen.Select(Hostile.Text, Hostile.Text).Array[0, 3], StepText.Array[0, 5], Gen.Bool, (settings, steps, asMap) =>
            string.Concat(settings.Select(s => JsonSerializer.Serialize(s.Item1) + ": " + JsonSerializer.Serialize(s.Item2) + "\n"))
            + "steps:\n" + string.Concat(steps.Select(s => asMap && s.Contains(' ', StringComparison.Ordinal)
                ? "  - " + JsonSerializer.Serialize(s[..s.IndexOf(' ', StringComparison.Ordinal)]) + ": " + JsonSerializer.Serialize(s[(s.IndexOf(' ', StringComparison.Ordinal) + 1)..]) + "\n"
                : "  - " + JsonSerializer.Serialize(s) + "\n")))));

    [Fact]
    public void AScenarioFileParsesOrIsAFormatException()
        => Scenarios.Run(
            yaml =>
            {
                try
                {
                    var scenario = ScenarioFile.Parse(yaml);
                    Assert.All(scenario.Steps, s => Assert.NotNull(s.Arguments));
                }
                catch (FormatException e)
                {
                    Assert.False(string.IsNullOrWhiteSpace(e.Message));
                }
            },
            iter: 10_000,
            print: Hostile.Show);

    private static readonly string[] ToolWords =
    [
        "relation-ids", "relation-list", "relation-get", "relation-set", "is-leader", "status-set", "status-get", "juju-log", "config-get",
        "state-get", "state-set", "state-delete", "network-get", "application-version-set", ClusterCharms.Command, "action-get", "secret-get", "secret-set",
        "secret-info-get", "open-port", "close-port", "opened-ports", "goal-state", "",
    ];

    private static readonly Gen<string> ToolArgument = Gen.Frequency(
        (3, Argument),
        (2, Gen.OneOf("cluster:0", "cluster:1", "microcluster-cluster:0", "0", "7", "x:y", "workload/0", "workload/1", "distributor/0", "workload", "-", "hostname",
            "mirror-workload-0", "key=value", "=v", "k=", "active", "blocked", "maintenance", "error", "unknown", "--include-data", "--application", "--strict",
            "--primary-address", "--egress-subnets", "ERROR", "DEBUG", "cluster", "bootstrap", "join", "list", "add", "remove", "--file=/nonexistent",
            "--file=/", "--file=.", "--file=a\0b", "--file=/proc/self/status")));

    /// <summary>
    /// Whole hook-tool calls with hostile tool names, command lines and standard input, against a settled deployment:
    /// <see cref="HookToolCommands.Execute"/> says it never throws for a bad call; a hook tool exits 0, 1 (refused) or 2
    /// (usage), and an error always says what went wrong.
    /// </summary>
    [Fact]
    public void EveryHookToolCallIsAnswered()
    {
        using var deployment = new SettledDeployment();
        Gen.Select(Gen.Frequency((6, Gen.OneOf(ToolWords)), (1, Hostile.Text)), ToolArgument.Array[0, 5], Gen.Frequency((3, Gen.Const((string?)null)), (2, Yaml.Select(y => (string?)y)), (1, Hostile.Text.Select(t => (string?)t))), Gen.Int[0, 3])
            .Run(
                (tool, arguments, input, unit) =>
                {
                    var context = deployment.Context(unit);
                    var response = HookToolCommands.Execute(context, new ToolRequest(context.Id, tool, deployment.Directory, arguments, input));

                    if (tool == ClusterCharms.Command)
                    {
                        return;
                    }

                    Assert.Contains(response.ExitCode, new[] { 0, 1, 2 });
                    Assert.False(response.Hang);
                    if (response.ExitCode != 0)
                    {
                        Assert.StartsWith("ERROR ", response.StandardError, StringComparison.Ordinal);
                    }
                },
                iter: 10_000,
                threads: 1,
                print: t => $"{Hostile.Show(t.Item1)} {string.Join(" | ", t.Item2.Select(Hostile.Show))} < {Hostile.Show(t.Item3)}");
    }

    private static string Mutate(Dictionary<string, string> map, int at, string noise)
    {
        var json = JsonSerializer.Serialize(map);
        var i = at % (json.Length + 1);
        return json[..i] + noise + json[i..];
    }

    /// <summary>Two workload units and one distributor unit, related and settled, with hook contexts to call tools in.</summary>
    private sealed class SettledDeployment : IDisposable
    {
        private readonly Simulation _sim;
        private readonly SimulatedRelationContexts _contexts;

        public SettledDeployment()
        {
            var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
            var world = new CharmWorld(new TokenConsumerOptions());
            _sim = new Simulation(new SimulationOptions { Seed = 1, Clock = clock, WorkloadCommand = ClusterCharms.Command });
            _sim.Deploy("workload", ClusterCharms.Consumer(world), 2);
            _sim.Deploy("distributor", ClusterCharms.Distributor(world), 1);
            var relation = _sim.Relate("workload", "distributor");
            _sim.RunUntilQuiescent();
            _contexts = new SimulatedRelationContexts(_sim, relation);
            Directory = System.IO.Directory.CreateTempSubdirectory("hook-tool-fuzz-").FullName;
            File.WriteAllText(Path.Combine(Directory, "settings.yaml"), "a: b\n");
        }

        public string Directory { get; }

        /// <summary>A fresh context every so often (pending writes pile up in one), for one of four hooks.</summary>
        public HookContext Context(int which) => _contexts.For(which);

        public void Dispose()
        {
            _sim.Dispose();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private sealed class SimulatedRelationContexts(Simulation sim, Charm.Simulator.Model.SimulatedRelation relation)
    {
        private int _calls;
        private HookContext[] _contexts = [];

        public HookContext For(int which)
        {
            if (_calls++ % 200 == 0)
            {
                _contexts = [.. Enumerable.Range(0, 4).Select(Create)];
            }

            return _contexts[which % _contexts.Length];
        }

        private HookContext Create(int which)
        {
            var unitName = which switch { 0 => "workload/0", 1 => "workload/1", _ => "distributor/0" };
            var unit = sim.Model.GetUnit(unitName);
            var id = relation.IdFor(unit.Application.Name);
            var hook = which == 3
                ? new HookInvocation(unitName, EventKey.UpdateStatus)
                : new HookInvocation(unitName, EventKey.RelationChanged(id.Endpoint), id, relation.RemoteApplicationOf(unit.Application.Name), unit.Application.Name == "workload" ? "distributor/0" : "workload/0");
            return new HookContext("fuzz-" + which, sim.Model, unit, hook, sim.Clock, new WorkloadCli(ClusterCharms.Command, sim.Microcluster));
        }
    }
}
