using Microsoft.AspNetCore.Identity;

namespace CommandCenter.Core.Accounts;

/// <summary>A person's account (ASP.NET Core Identity, stored in the same database). One organisation role each.</summary>
public sealed class AppUser : IdentityUser
{
    /// <summary>The name the team knows them by; it goes on every timeline entry they write.</summary>
    public string DisplayName { get; set; } = "";

    public OrgRole OrgRole { get; set; } = OrgRole.Responder;

    public DateTime CreatedAt { get; set; }

    public Actor ToActor() => new(DisplayName, OrgRole, UserName);
}
