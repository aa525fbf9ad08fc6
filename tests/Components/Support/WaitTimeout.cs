using System.Runtime.CompilerServices;
using Bunit;

namespace CommandCenter.Tests.Components.Support;

internal static class WaitTimeout
{
    /// <summary>
    /// bUnit's "wait for" helpers give up after one second by default. On a busy 2-core CI machine a live update can take
    /// longer than that to render, and a wait that passes costs nothing extra, so every wait here allows ten seconds.
    /// </summary>
    [ModuleInitializer]
    internal static void AllowBusyMachines() => BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);
}
