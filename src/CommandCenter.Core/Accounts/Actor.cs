namespace CommandCenter.Core.Accounts;

/// <summary>
/// The person (or automation) on whose behalf a Core service call runs. The web layer builds it from the signed-in
/// account's claims; nothing in Core trusts a name typed into a request body.
/// </summary>
/// <param name="Name">The display name written on the timeline and matched against incident roles.</param>
/// <param name="Role">The organisation role that decides which calls are allowed (<see cref="AccessPolicy"/>).</param>
/// <param name="UserName">The account's sign-in name, when a person is acting.</param>
/// <param name="Origin">Where the request came from (address, user agent, API key prefix), for the audit trail; null for automation.</param>
public sealed record Actor(string Name, OrgRole Role, string? UserName = null, ActorOrigin? Origin = null)
{
    /// <summary>Detection and other background work: allowed what an administrator is, named on the timeline as itself.</summary>
    public static Actor Automation(string name) => new(name, OrgRole.Administrator);

    public override string ToString() => UserName is null ? $"{Name} ({Role.Code()})" : $"{Name} <{UserName}> ({Role.Code()})";
}

/// <summary>Where a command came from, as far as the server can tell: the client address, its user agent, the API key's prefix.</summary>
public sealed record ActorOrigin(string? Address, string? UserAgent, string? ApiKeyPrefix = null);
