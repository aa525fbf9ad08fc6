namespace CommandCenter.Bench;

/// <summary>What every bench's Main does: --help, parse options (exit 2 on bad ones), run until done or Ctrl+C.</summary>
internal static class BenchMain
{
    public static async Task<int> RunAsync<TOptions>(string[] args, string usage, Func<IReadOnlyList<string>, TOptions> parse,
        Func<TOptions, CancellationToken, Task<int>> run)
    {
        TOptions options;
        try
        {
            if (args is ["--help"] or ["-h"])
            {
                Console.WriteLine(usage);
                return 0;
            }
            options = parse(args);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine(exception.Message);
            Console.Error.WriteLine(usage);
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        return await run(options, cancellation.Token);
    }
}
