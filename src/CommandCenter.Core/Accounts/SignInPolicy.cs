namespace CommandCenter.Core.Accounts;

/// <summary>How sign-in failures are answered, beyond the per-address throttle of the web layer.</summary>
public static class SignInPolicy
{
    /// <summary>What every failed sign-in is told, whether the name is unknown, the password wrong or the account locked.</summary>
    public const string Failed = "That user name and password do not match an account.";

    /// <summary>
    /// Whether failed sign-ins lock this account for a while. Not for administrators: anyone who knows an administrator's
    /// user name could otherwise keep every administrator out, which is also who would unlock everyone else. Guessing
    /// at their passwords is slowed by the per-address throttle instead.
    /// </summary>
    public static bool LocksOutAfterFailedSignIns(OrgRole role) => role != OrgRole.Administrator;
}
