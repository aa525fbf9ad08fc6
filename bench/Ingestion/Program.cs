using CommandCenter.Bench;
using CommandCenter.Bench.Ingestion;

return await BenchMain.RunAsync(args, BenchOptions.Usage, BenchOptions.Parse,
    (options, cancellationToken) => new IngestionBench(options, Console.Out).RunAsync(cancellationToken));
