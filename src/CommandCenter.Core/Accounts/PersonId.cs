namespace CommandCenter.Core.Accounts;

/// <summary>
/// Who a person is for "is this the same person": the name as a role, an author or an actor carries it, compared once
/// here, case and surrounding spaces aside. Roles, authors and approvers hold an account's display name, which is unique
/// and never changes (<see cref="AppUser.DisplayName"/>), so the name identifies the account; the roster refuses a name
/// that is no account's. If accounts could ever be renamed, stored names would move to user names and only
/// <see cref="Of"/> would change.
/// </summary>
public readonly record struct PersonId
{
    private readonly string? _key;

    private PersonId(string key) => _key = key;

    /// <summary>Nobody: an empty seat or a name never given. It is the same person as no one, not even another empty one.</summary>
    public bool IsNobody => string.IsNullOrEmpty(_key);

    public static PersonId Of(string? name) => string.IsNullOrWhiteSpace(name) ? default : new PersonId(name.Trim().ToUpperInvariant());

    /// <summary>Whether two names name the same person; an empty name is nobody's.</summary>
    public static bool Same(string? a, string? b)
    {
        var left = Of(a);
        return !left.IsNobody && left == Of(b);
    }

    public override string ToString() => _key ?? "";
}
