using System.Data.Common;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Components.Support;

/// <summary>Counts the queries (readers and scalars) every DbContext of the app sends to the database.</summary>
public sealed class ReadCounter : DbCommandInterceptor
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public void Reset() => Interlocked.Exchange(ref _reads, 0);

    /// <summary>Adds the counter to the app's DbContext options (pass to <see cref="AppTestContext.StartAsync"/>).</summary>
    public void Register(IServiceCollection services) =>
        services.ConfigureDbContext<CommandCenterDbContext>(options => options.AddInterceptors(this));

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    private void Count(DbCommand command)
    {
        // Writes go through readers too (INSERT ... RETURNING): only queries count.
        if (command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _reads);
        }
    }
}
