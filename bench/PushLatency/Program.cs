using CommandCenter.Bench;
using CommandCenter.Bench.PushLatency;

return await BenchMain.RunAsync(args, BenchOptions.Usage, BenchOptions.Parse,
    (options, cancellationToken) => new PushLatencyBench(options, Console.Out).RunAsync(cancellationToken));
