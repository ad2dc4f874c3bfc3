using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Punchout.Benchmarks.CxmlBenchmarks).Assembly).Run(args);
