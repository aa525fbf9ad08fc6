using Microsoft.AspNetCore.Identity;

namespace CommandCenter.Core.Accounts;

/// <summary>A person's account (ASP.NET Core Identity, stored in the same database). One organisation role each.</summary>
public sealed class AppUser : IdentityUser
{
    /// <summary>
    /// The name the team knows them by; it goes on every timeline entry they write and is what roles, authors and
    /// approvers hold. Unique across accounts (a unique index, and account creation refuses a taken one, case aside) and
    /// set once: an account cannot be renamed, so a stored name always leads back to the same account (<see cref="PersonId"/>).
    /// </summary>
    public string DisplayName { get; init; } = "";

    public OrgRole OrgRole { get; set; } = OrgRole.Responder;

    public DateTime CreatedAt { get; set; }

    public Actor ToActor() => new(DisplayName, OrgRole, UserName);
}
