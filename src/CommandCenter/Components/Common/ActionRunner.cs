using CommandCenter.Core.Common;
using MudBlazor;

namespace CommandCenter.Components.Common;

/// <summary>What became of a command run through <see cref="ActionRunner"/>.</summary>
public sealed record ActionOutcome(bool Succeeded, IReadOnlyDictionary<string, string[]> FieldErrors, string? Refusal)
{
    public static readonly ActionOutcome Done = new(true, new Dictionary<string, string[]>(), null);

    /// <summary>The first message for <paramref name="field"/> (case-insensitive), or null.</summary>
    public string? ErrorFor(string field) =>
        FieldErrors.FirstOrDefault(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
}

/// <summary>
/// The one place a refused command reaches the person: field errors go back to the form (which keeps what was typed),
/// a refusal or a failure becomes a snackbar next to the work, and a success may say so. Components do not catch
/// <see cref="DomainException"/> themselves.
/// </summary>
public sealed class ActionRunner(ISnackbar snackbar, ILogger<ActionRunner> logger)
{
    public async Task<ActionOutcome> RunAsync(Func<Task> command, string? confirmation = null)
    {
        try
        {
            await command();
            if (confirmation is not null)
            {
                snackbar.Add(confirmation, MudBlazor.Severity.Success);
            }
            return ActionOutcome.Done;
        }
        catch (ValidationException e)
        {
            snackbar.Add("Please correct the highlighted fields.", MudBlazor.Severity.Warning);
            return new ActionOutcome(false, e.Errors, null);
        }
        catch (DomainException e)
        {
            snackbar.Add(e.Message, MudBlazor.Severity.Error);
            return new ActionOutcome(false, new Dictionary<string, string[]>(), e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "A command failed unexpectedly");
            const string message = "That did not go through: the server could not save it. Try again in a moment.";
            snackbar.Add(message, MudBlazor.Severity.Error);
            return new ActionOutcome(false, new Dictionary<string, string[]>(), message);
        }
    }

    /// <summary>Runs a command that returns a value; the value is default when the command did not succeed.</summary>
    public async Task<(ActionOutcome Outcome, T? Value)> RunAsync<T>(Func<Task<T>> command, string? confirmation = null)
    {
        T? value = default;
        var outcome = await RunAsync(async () => { value = await command(); }, confirmation);
        return (outcome, outcome.Succeeded ? value : default(T));
    }
}
