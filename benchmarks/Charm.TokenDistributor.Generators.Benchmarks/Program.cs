using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Charm.TokenDistributor.Generators.Benchmarks;

if (args is ["--explain"])
{
    Explain.Run();
    return;
}

// The benchmark process is a separate build of this project; on a busy machine it takes longer than the default 2 minutes.
var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(15));
BenchmarkSwitcher.FromAssembly(typeof(GeneratorBenchmarks).Assembly).Run(args, config);
