using CommandCenter.Bench;
using CommandCenter.Bench.Ingestion;

return await BenchMain.RunAsync(args, BenchOptions.Usage, BenchOptions.Parse, (options, cancellationToken) => options.Mode switch
{
    BenchMode.Compare => new CompareBench(options, Console.Out).RunAsync(cancellationToken),
    BenchMode.Engine => new EngineBench(options, Console.Out).RunAsync(cancellationToken),
    BenchMode.Kill9 => new Kill9Bench(options, Console.Out).RunAsync(cancellationToken),
    _ => new IngestionBench(options, Console.Out).RunAsync(cancellationToken),
});
