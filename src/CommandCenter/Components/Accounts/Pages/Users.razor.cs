using CommandCenter.Components.Shared;
using CommandCenter.Core.Accounts;
using MudBlazor;

namespace CommandCenter.Components.Accounts;

/// <summary>
/// Settings → Users: every account, and what an administrator does to one (create, change the role, set a new password,
/// lock or unlock). Each change that takes something away or hands out power is confirmed first and said when done.
/// </summary>
public partial class Users
{
    private static readonly int[] PageSizes = [25, 50, 100];

    private bool? _allowed;
    private IReadOnlyList<UserView>? _users;
    private string? _loadError;
    private string? _search;
    private string? _busy;

    protected override async Task OnInitializedAsync()
    {
        _allowed = await User.CanAsync(Permission.ManageUsers);
        if (_allowed == true)
        {
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            _users = await Accounts.ListAsync();
            _loadError = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _loadError = "The accounts could not be loaded. Reload the page to try again.";
        }
    }

    private bool Matches(UserView user) =>
        string.IsNullOrWhiteSpace(_search)
        || user.DisplayName.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase)
        || user.UserName.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string LockState(UserView user) =>
        user.LockedOutUntil is { } until && until < DateTime.UtcNow.AddYears(50) ? $"Locked until {Display.UtcFull(until)}" : "Locked";

    private async Task CreateAsync()
    {
        var dialog = await Dialogs.ShowAsync<CreateUserDialog>("New account",
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false })
        {
            await LoadAsync();
        }
    }

    private async Task ChangeRoleAsync(UserView user, OrgRole role)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = $"Make {user.DisplayName} {RolePhrase(role)}?",
            Message = $"{RoleMeaning(role)} Their open sessions are signed out so the new role applies at once.",
            YesText = $"Make {role.Label()}",
            CancelText = "Cancel",
        });
        if (confirmed != true)
        {
            return;
        }
        await ApplyAsync(user, actor => Accounts.ChangeRoleAsync(user.UserName, role.Code(), actor),
            $"{user.DisplayName} is now {RolePhrase(role)}.");
    }

    private async Task SetLockedAsync(UserView user, bool locked)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = locked ? $"Lock {user.DisplayName}'s account?" : $"Unlock {user.DisplayName}'s account?",
            Message = locked
                ? "Their open sessions end within a minute and they cannot sign in until an administrator unlocks the account."
                : "They can sign in again at once with their password.",
            YesText = locked ? "Lock account" : "Unlock account",
            CancelText = "Cancel",
        });
        if (confirmed != true)
        {
            return;
        }
        await ApplyAsync(user, actor => Accounts.SetLockedAsync(user.UserName, locked, actor),
            locked ? $"{user.DisplayName}'s account is locked." : $"{user.DisplayName}'s account is unlocked.");
    }

    private async Task ResetPasswordAsync(UserView user)
    {
        var parameters = new DialogParameters<ResetPasswordDialog> { { d => d.Account, user } };
        await Dialogs.ShowAsync<ResetPasswordDialog>("Reset password", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
    }

    private async Task ApplyAsync(UserView user, Func<Actor, Task> change, string done)
    {
        _busy = user.UserName;
        try
        {
            var actor = await User.GetActorAsync();
            await Runner.RunAsync(() => change(actor), done);
        }
        finally
        {
            _busy = null;
        }
        await LoadAsync();
    }

    private static string RolePhrase(OrgRole role) => role switch
    {
        OrgRole.Administrator => "an Administrator",
        OrgRole.Leadership => "a Leadership (read-only) account",
        _ => "a Responder",
    };

    private static string RoleMeaning(OrgRole role) => role switch
    {
        OrgRole.Administrator => "Administrators also manage users, API keys and playbooks.",
        OrgRole.Leadership => "Leadership accounts read everything and change nothing.",
        _ => "Responders work incidents; they do not manage users, API keys or playbooks.",
    };
}
