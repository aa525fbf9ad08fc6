using System.Diagnostics;

namespace CommandCenter.Bench.Ingestion;

/// <summary>Installs a Debian package the bench needs when its program is missing (as root, like the test script does).</summary>
internal static class DebianPackages
{
    private static bool _updated;

    public static async Task<string> EnsureAsync(string program, string package, TextWriter output, CancellationToken cancellationToken)
    {
        if (Find(program) is { } found)
        {
            return found;
        }
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            throw new InvalidOperationException($"'{program}' is missing: install Debian's '{package}' (apt-get install -y {package}) or run the bench as root.");
        }
        if (!_updated)
        {
            output.WriteLine("apt-get update...");
            await RunAsync("apt-get", ["update", "-qq"], cancellationToken);
            _updated = true;
        }
        output.WriteLine($"apt-get install -y {package}...");
        await RunAsync("apt-get", ["install", "-y", "-qq", package], cancellationToken);
        return Find(program) ?? throw new InvalidOperationException($"Installed '{package}' but '{program}' is still not on the PATH.");
    }

    private static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':')
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);

    private static async Task RunAsync(string file, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }
}
