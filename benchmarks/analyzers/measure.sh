#!/usr/bin/env bash
# How much of a large project's compile time the Charm.TokenDistributor analyzers take.
#
# Generates a synthetic charm project (CHARMS attributed charm classes with databag, mirror and hook code, and
# ORDINARY plain classes), builds it RUNS times with `-p:ReportAnalyzer=true`, and reads from each build's log the
# compiler's per-analyzer execution times and the Csc task's time. Prints the median of each, and our analyzers'
# share of the compile. The project lives outside the repository (so the repository's build settings do not apply)
# and references the runtime and the analyzer assembly built here in Release.
#
# The compiler runs single-threaded (/parallel-, through a response file): analyzers then run one after another, so
# their reported times add up to a share of the compile's work instead of overlapping one another. This also keeps
# the ratio meaningful on a busy machine, where wall-clock times of concurrent threads inflate each other.
#
# usage: benchmarks/analyzers/measure.sh [CHARMS] [ORDINARY] [RUNS]      (defaults: 400 2000 5)
set -euo pipefail

charms=${1:-400}
ordinary=${2:-2000}
runs=${3:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${BENCH_DIR:-${TMPDIR:-/tmp}/ctd-analyzer-benchmark}

dotnet build "$root/src/Charm.TokenDistributor/Charm.TokenDistributor.csproj" -c Release -v:q -nologo >/dev/null
runtime="$root/src/Charm.TokenDistributor/bin/Release/net10.0"
analyzers="$root/src/Charm.TokenDistributor.Generators/bin/Release/netstandard2.0/Charm.TokenDistributor.Generators.dll"

rm -rf "$work"
mkdir -p "$work/Charms" "$work/Model"
cat > "$work/Directory.Build.props" <<'XML'
<Project />
XML
cat > "$work/Synthetic.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <!-- Only the compiler, the SDK's built-in generators, and ours: the share is of the compile itself. -->
    <EnableNETAnalyzers>false</EnableNETAnalyzers>
    <NoWarn>\$(NoWarn);CS8618;CS0169;CS0414</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <Reference Include="$runtime/Charm.Framework.dll" />
    <Reference Include="$runtime/Charm.TokenDistributor.dll" />
    <Analyzer Include="$analyzers" />
    <AdditionalFiles Include="charmcraft.yaml" />
  </ItemGroup>
</Project>
XML
echo "/parallel-" > "$work/sequential.rsp"
cat > "$work/charmcraft.yaml" <<'YAML'
name: synthetic
requires:
  cluster:
    interface: microcluster-token-distributor
provides:
  distributor:
    interface: microcluster-token-distributor
YAML

for ((i = 0; i < charms; i++)); do
  cat > "$work/Charms/Charm$i.cs" <<CS
using Charm.Framework;
using Charm.Framework.Dispatch;
using Charm.Framework.Events;
using Charm.Framework.Model;
using Charm.TokenDistributor;

namespace Synthetic.Charms;

[TokenDistributorConsumer("cluster", "microctl")]
public sealed partial class Charm$i : CharmBase
{
    private int _attempts;

    public Charm$i(CharmContext context) : base(context)
    {
        InitializeTokenDistributor();
        Framework.Observe<RelationChangedEvent>(EventKey.RelationChanged("cluster"), "charm$i/changed", OnChanged);
        Framework.Observe<LeaderElectedEvent>(EventKey.LeaderElected, "charm$i/leader", e => Publish(e.Model.GetRelation("cluster")));
    }

    [MirrorKey("ca-cert")] public partial string? CaCert { get; set; }

    partial void OnClusterJoined(Charm.TokenDistributor.Events.ClusterJoinedEvent e) => Unit.Status = Status.Active("joined");

    private void OnChanged(RelationChangedEvent e)
    {
        e.Relation.LocalUnitData["hostname"] = Context.HostName;
        e.Relation.LocalUnitData["attempt"] = (++_attempts).ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (unit, data) in e.Relation.RemoteUnitsData())
        {
            if (data["mirror"] == "up")
            {
                Log.Debug(\$"{unit} is a mirror");
            }
        }

        var token = Cluster.TokenFor(Context.HostName);
        Log.Info(\$"token: {(token is null ? "none" : token.Length + " characters")}");
        if (!Unit.IsLeader)
        {
            return;
        }

        e.Relation.LocalAppData["bootstrap-app"] = App.Name;
        var seen = e.Relation.LocalAppData.ContainsKey("cluster-bootstrapped-by");
        if (!seen && CaCert is { Length: > 0 } pem)
        {
            Log.Info("publishing a certificate of " + pem.Length + " characters");
        }
    }

    private void Publish(Relation? relation)
    {
        if (relation is null || !Unit.IsLeader)
        {
            return;
        }

        relation.LocalAppData["leader"] = Unit.Name;
        for (var i = 0; i < 3; i++)
        {
            if (relation.RemoteAppData?["ready"] == "true")
            {
                break;
            }
        }
    }

    [On(JujuEventKind.UpdateStatus)]
    private void OnUpdateStatus(UpdateStatusEvent e)
    {
        var hosts = Cluster.HostNames;
        Unit.Status = hosts.Count == 0 ? Status.Waiting("no hosts yet") : Status.Active(hosts.Count + " hosts");
    }
}
CS
done

for ((i = 0; i < ordinary; i++)); do
  cat > "$work/Model/Type$i.cs" <<CS
using System.Text;

namespace Synthetic.Model;

public sealed class Type$i
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly List<int> _numbers = [];

    public string Name { get; set; } = "type$i";

    public int Count => _values.Count + _numbers.Count;

    public void Add(string key, string value)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw new ArgumentException("empty key " + key, nameof(key));
        }

        _values[key] = value.Trim();
        _numbers.Add(key.Length);
    }

    public string Describe()
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in _values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            builder.Append(key).Append('=').Append(value).Append(';');
        }

        while (true)
        {
            if (builder.Length < 1000 || _numbers.Count == 0)
            {
                break;
            }

            builder.Length -= _numbers[^1];
            _numbers.RemoveAt(_numbers.Count - 1);
        }

        Console.WriteLine(\$"{Name}: {builder.Length} characters");
        return builder.ToString();
    }

    public async Task<int> SumAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        var total = 0;
        for (var i = 0; i < _numbers.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            total += _numbers[i] * (i % 3 == 0 ? 2 : 1);
        }

        return total;
    }
}
CS
done

echo "synthetic project: $charms charm classes, $ordinary ordinary classes in $work" >&2
dotnet restore "$work/Synthetic.csproj" -v:q -nologo >/dev/null
# One warm-up build: the compiler server starts and JITs; not measured.
dotnet build "$work/Synthetic.csproj" -c Release -nologo -v:q -p:ReportAnalyzer=true -p:CompilerResponseFile="$work/sequential.rsp" >/dev/null

ours='Charm\.TokenDistributor\.Generators\.Analyzers\.'
for ((run = 1; run <= runs; run++)); do
  log="$work/build-$run.log"
  dotnet build "$work/Synthetic.csproj" -c Release -nologo --no-restore --no-incremental -v:d -p:ReportAnalyzer=true \
    -p:CompilerResponseFile="$work/sequential.rsp" \
    -clp:PerformanceSummary > "$log" 2>&1 || { tail -40 "$log" >&2; exit 1; }
  awk -v run="$run" -v ours="$ours" '
    /Total analyzer execution time:/ { total_analyzers = $(NF-1) }
    /Total generator execution time:/ { total_generators = $(NF-1) }
    $0 ~ ours && $1 ~ /^[0-9.<]+$/ { sum += ($1 == "<0.001" ? 0 : $1); analyzer[$NF] = $1 }
    /Charm\.TokenDistributor\.Generators\.Generator\.TokenDistributorGenerator/ && $1 ~ /^[0-9.<]+$/ { generator = $1 }
    /^ *[0-9]+ ms  Csc / { csc = $1 / 1000 }
    END { printf "run %d: csc %.3f s, all analyzers %.3f s, ours %.3f s, generators %.3f s (ours %.3f s), share %.2f %%\n", run, csc, total_analyzers, sum, total_generators, generator, 100 * sum / csc }
  ' "$log"
done | tee "$work/summary.txt"

echo
echo "per analyzer (last run):"
grep -E "^\s+[0-9.<]+\s+[0-9<]+\s+.*Charm\.TokenDistributor\.Generators\.(Analyzers|Generator)\." "$work/build-$runs.log" | sed 's/^ *//' | sort -u
echo
# Median of one field of the summary lines ("run N: csc X s, all analyzers Y s, ours Z s, generators …").
median() { awk -v f="$1" '{ print $f }' "$work/summary.txt" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
csc=$(median 4); all=$(median 8); mine=$(median 11); generators=$(median 14); share=$(median 20)
echo "median of $runs runs: Csc task $csc s; all analyzers $all s; our analyzers $mine s; all generators $generators s; our analyzers' share of the compile $share %"
