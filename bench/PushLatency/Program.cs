using CommandCenter.Bench.PushLatency;

BenchOptions options;
try
{
    if (args is ["--help"] or ["-h"])
    {
        Console.WriteLine(BenchOptions.Usage);
        return 0;
    }
    options = BenchOptions.Parse(args);
}
catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
return await new PushLatencyBench(options, Console.Out).RunAsync(cancellation.Token);
