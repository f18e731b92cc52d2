namespace Indicators.Accounts;

/// <summary>A portal account. Observatories are bound to one region; planners see every region or one.</summary>
public sealed record UserAccount
{
    public long Id { get; init; }

    /// <summary>The sign-in name, lower case.</summary>
    public string Email { get; init; } = string.Empty;

    public string DisplayName { get; init; } = string.Empty;

    public string Role { get; init; } = string.Empty;

    /// <summary>The region an observatory works for, or the one region a planner may see; null: every region.</summary>
    public string? RegionCode { get; init; }

    public string PasswordHash { get; init; } = string.Empty;

    /// <summary>The language last chosen (fr, ar, en).</summary>
    public string Lang { get; init; } = "fr";

    public int FailedLogins { get; init; }

    public string? LockedUntil { get; init; }

    public bool Disabled { get; init; }

    public string CreatedAt { get; init; } = string.Empty;

    public string? LastLoginAt { get; init; }

    /// <summary>Changes when the password changes, the account is disabled or its sessions are ended: older sign-ins stop working.</summary>
    public string SecurityStamp { get; init; } = string.Empty;

    public bool IsAdmin => Role == Roles.Admin;

    /// <summary>Whether this account may see a region's submissions and figures.</summary>
    public bool CanSee(string regionCode) => IsAdmin || RegionCode is null || RegionCode == regionCode;

    /// <summary>Whether this account may send survey sheets for a region.</summary>
    public bool CanUpload(string regionCode) => IsAdmin || (Role == Roles.Observatory && RegionCode == regionCode);
}

public static class Roles
{
    public const string Admin = "admin";
    public const string Observatory = "observatory";
    public const string Planner = "planner";

    public static readonly IReadOnlyList<string> All = [Admin, Observatory, Planner];
}

public sealed record ApiToken(long Id, long UserId, string Name, string Prefix, string CreatedAt, string? LastUsedAt, string? RevokedAt);

/// <summary>A request the accounts refuse: the message in French, Arabic and English.</summary>
public sealed class AccountException(string code, LocalizedText message) : Exception(message.En)
{
    public string Code => code;

    public LocalizedText Text => message;
}
