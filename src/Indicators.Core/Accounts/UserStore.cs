using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Indicators.Geography;
using Indicators.Storage;
using Microsoft.AspNetCore.Identity;

namespace Indicators.Accounts;

/// <summary>
/// Accounts and API tokens: creation, password checks with lockout, language, tokens. Passwords
/// are hashed with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>; a token is shown
/// once and stored as its SHA-256.
/// </summary>
public sealed class UserStore(DbConnection connection, TimeProvider? time = null)
{
    /// <summary>Failed sign-ins in a row that lock an account.</summary>
    public const int MaxFailedLogins = 5;

    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public const int MinPasswordLength = 10;

    private const string Columns =
        """
        id AS Id, email AS Email, display_name AS DisplayName, role AS Role, region_code AS RegionCode,
        password_hash AS PasswordHash, lang AS Lang, failed_logins AS FailedLogins, locked_until AS LockedUntil,
        disabled <> 0 AS Disabled, created_at AS CreatedAt, last_login_at AS LastLoginAt, security_stamp AS SecurityStamp
        """;

    private static readonly PasswordHasher<UserAccount> Hasher = new();
    private static readonly Lazy<string> DummyHash = new(() => Hasher.HashPassword(new UserAccount(), "not-a-password-" + Guid.NewGuid()));
    private readonly TimeProvider time = time ?? TimeProvider.System;

    public UserAccount Add(string email, string displayName, string role, string? regionCode, string password, string lang = "fr")
    {
        email = NormalizeEmail(email);
        regionCode = CheckRole(role, regionCode);
        CheckPassword(password);
        if (FindByEmail(email) is not null)
        {
            throw new AccountException("email_taken", new($"Le compte « {email} » existe déjà.", $"الحساب « {email} » موجود مسبقا.", $"The account '{email}' already exists."));
        }

        var draft = new UserAccount { Email = email, DisplayName = string.IsNullOrWhiteSpace(displayName) ? email : displayName.Trim(), Role = role, RegionCode = regionCode };
        var id = connection.ExecuteScalar<long>(
            """
            INSERT INTO users (email, display_name, role, region_code, password_hash, lang, created_at, security_stamp)
            VALUES (@Email, @DisplayName, @Role, @RegionCode, @hash, @lang, @at, @stamp)
            RETURNING id
            """,
            new { draft.Email, draft.DisplayName, draft.Role, draft.RegionCode, hash = Hasher.HashPassword(draft, password), lang = LangCode(lang), at = Now(), stamp = NewStamp() });
        return Get(id)!;
    }

    public UserAccount? Get(long id) => Get(id, null);

    private UserAccount? Get(long id, System.Data.IDbTransaction? tx) => connection.QueryFirstOrDefault<UserAccount>($"SELECT {Columns} FROM users WHERE id = @id", new { id }, tx);

    public UserAccount? FindByEmail(string email) =>
        connection.QueryFirstOrDefault<UserAccount>($"SELECT {Columns} FROM users WHERE email = @email", new { email = NormalizeEmail(email) });

    public IReadOnlyList<UserAccount> List() => connection.Query<UserAccount>($"SELECT {Columns} FROM users ORDER BY role, email").ToList();

    public int Count() => connection.ExecuteScalar<int>("SELECT COUNT(*) FROM users");

    /// <summary>
    /// The account when the password is right and the account neither disabled nor locked. The
    /// password is checked first, every time: a wrong one says only "failed" (whether the account
    /// exists, is locked or disabled is told to the one who knows its password) and counts towards
    /// the lockout in one statement, so guesses sent in parallel are counted, not lost.
    /// </summary>
    public (SignInOutcome Outcome, UserAccount? User) SignIn(string email, string password)
    {
        var user = FindByEmail(email);
        if (user is null)
        {
            // Same work as a real check, so that timing does not tell which accounts exist.
            Hasher.VerifyHashedPassword(new UserAccount(), DummyHash.Value, password);
            return (SignInOutcome.Failed, null);
        }

        var now = time.GetUtcNow();
        var check = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (check == PasswordVerificationResult.Failed)
        {
            var failed = connection.ExecuteScalar<int>(
                "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = @id RETURNING failed_logins",
                new { id = user.Id });
            if (failed >= MaxFailedLogins)
            {
                connection.Execute(
                    "UPDATE users SET failed_logins = 0, locked_until = @until WHERE id = @id",
                    new { id = user.Id, until = SubmissionStore.Iso(now + LockoutDuration) });
            }

            return (SignInOutcome.Failed, null);
        }

        // Read again: a lock set by guesses running beside this one counts.
        user = Get(user.Id)!;
        if (user.Disabled)
        {
            return (SignInOutcome.Disabled, null);
        }

        if (user.LockedUntil is { } until && string.CompareOrdinal(until, SubmissionStore.Iso(now)) > 0)
        {
            return (SignInOutcome.LockedOut, null);
        }

        var hash = check == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(user, password) : user.PasswordHash;
        connection.Execute(
            "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = @at, password_hash = @hash WHERE id = @id",
            new { id = user.Id, at = SubmissionStore.Iso(now), hash });
        return (SignInOutcome.Succeeded, Get(user.Id));
    }

    /// <summary>Ends every session of the account (a new security stamp: older sign-in cookies are refused).</summary>
    public void EndSessions(long id) => connection.Execute("UPDATE users SET security_stamp = @stamp WHERE id = @id", new { id, stamp = NewStamp() });

    public void SetPassword(long id, string password)
    {
        CheckPassword(password);
        var user = Get(id) ?? throw new KeyNotFoundException($"No user {id}.");
        connection.Execute(
            "UPDATE users SET password_hash = @hash, failed_logins = 0, locked_until = NULL, security_stamp = @stamp WHERE id = @id",
            new { id, hash = Hasher.HashPassword(user, password), stamp = NewStamp() });
    }

    /// <summary>
    /// Gives an account another role and region, by the rules of <see cref="Add"/>; the last
    /// enabled administrator keeps the admin role.
    /// </summary>
    public UserAccount ChangeRole(long id, string role, string? regionCode)
    {
        regionCode = CheckRole(role, regionCode);
        KeepingAnAdmin(id, role != Roles.Admin, tx =>
            connection.Execute("UPDATE users SET role = @role, region_code = @regionCode WHERE id = @id", new { id, role, regionCode }, tx));
        return Get(id)!;
    }

    public void SetDisplayName(long id, string displayName)
    {
        var user = Get(id) ?? throw new KeyNotFoundException($"No user {id}.");
        connection.Execute("UPDATE users SET display_name = @name WHERE id = @id", new { id, name = string.IsNullOrWhiteSpace(displayName) ? user.Email : displayName.Trim() });
    }

    /// <summary>The account's own change of password: the current one must be given, and right.</summary>
    public void ChangePassword(long id, string currentPassword, string newPassword)
    {
        var user = Get(id) ?? throw new KeyNotFoundException($"No user {id}.");
        if (Hasher.VerifyHashedPassword(user, user.PasswordHash, currentPassword ?? string.Empty) == PasswordVerificationResult.Failed)
        {
            throw new AccountException("wrong_password", new("Le mot de passe actuel est incorrect.", "كلمة المرور الحالية غير صحيحة.", "The current password is wrong."));
        }

        SetPassword(id, newPassword);
    }

    public void SetLang(long id, string lang) => connection.Execute("UPDATE users SET lang = @lang WHERE id = @id", new { id, lang = LangCode(lang) });

    /// <summary>Disables (ending its sessions and tokens' use) or enables an account; the last enabled administrator stays enabled.</summary>
    public void SetDisabled(long id, bool disabled) => KeepingAnAdmin(id, disabled, tx => connection.Execute(
        "UPDATE users SET disabled = @disabled, failed_logins = 0, locked_until = NULL, security_stamp = @stamp WHERE id = @id",
        new { id, disabled = disabled ? 1 : 0, stamp = NewStamp() },
        tx));

    /// <summary>
    /// Runs a change of an account that may take away an enabled administrator, refusing it when
    /// no other enabled administrator would remain. The enabled administrators are locked for the
    /// check (PostgreSQL row locks; SQLite transactions here take the write lock at once), so two
    /// administrators demoting each other at the same time cannot leave none.
    /// </summary>
    private void KeepingAnAdmin(long id, bool removesAdmin, Action<System.Data.IDbTransaction> change)
    {
        using var tx = connection.BeginTransaction();
        var admins = connection.Query<long>(
            connection is Npgsql.NpgsqlConnection
                ? "SELECT id FROM users WHERE role = 'admin' AND disabled = 0 ORDER BY id FOR UPDATE"
                : "SELECT id FROM users WHERE role = 'admin' AND disabled = 0",
            transaction: tx).ToList();
        if (Get(id, tx) is null)
        {
            throw new KeyNotFoundException($"No user {id}.");
        }

        if (removesAdmin && admins.Contains(id) && admins.Count == 1)
        {
            throw new AccountException("last_admin", new("Il faut garder au moins un administrateur actif.", "يجب الإبقاء على مسؤول نشط واحد على الأقل.", "At least one enabled administrator must remain."));
        }

        change(tx);
        tx.Commit();
    }

    /// <summary>A new API token for the account: the secret is returned once, only its hash is kept.</summary>
    public (ApiToken Token, string Secret) CreateToken(long userId, string name)
    {
        var secret = "ind_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var id = connection.ExecuteScalar<long>(
            """
            INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at)
            VALUES (@userId, @name, @prefix, @hash, @at)
            RETURNING id
            """,
            new { userId, name = string.IsNullOrWhiteSpace(name) ? "api" : name.Trim(), prefix = secret[..10], hash = HashToken(secret), at = Now() });
        return (Tokens(userId).Single(t => t.Id == id), secret);
    }

    public IReadOnlyList<ApiToken> Tokens(long userId) => connection.Query<ApiToken>(
        """
        SELECT id AS Id, user_id AS UserId, name AS Name, prefix AS Prefix, created_at AS CreatedAt, last_used_at AS LastUsedAt, revoked_at AS RevokedAt
        FROM api_tokens WHERE user_id = @userId ORDER BY id
        """,
        new { userId }).ToList();

    public void RevokeToken(long userId, long tokenId) => connection.Execute(
        "UPDATE api_tokens SET revoked_at = @at WHERE id = @tokenId AND user_id = @userId AND revoked_at IS NULL",
        new { userId, tokenId, at = Now() });

    /// <summary>The enabled account a live token belongs to, or null.</summary>
    public UserAccount? FindByToken(string secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 200)
        {
            return null;
        }

        var hash = HashToken(secret);
        var userId = connection.ExecuteScalar<long?>(
            "SELECT user_id FROM api_tokens WHERE token_hash = @hash AND revoked_at IS NULL",
            new { hash });
        if (userId is null)
        {
            return null;
        }

        connection.Execute("UPDATE api_tokens SET last_used_at = @at WHERE token_hash = @hash", new { hash, at = Now() });
        var user = Get(userId.Value);
        return user is { Disabled: false } ? user : null;
    }

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    private static string HashToken(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string LangCode(string lang) => lang?.Trim().ToLowerInvariant() switch
    {
        "ar" => "ar",
        "en" => "en",
        _ => "fr",
    };

    /// <summary>The region code an account of <paramref name="role"/> keeps: known, required for an observatory, none for an admin.</summary>
    private static string? CheckRole(string role, string? regionCode)
    {
        if (!Roles.All.Contains(role))
        {
            throw new AccountException("bad_role", new($"Rôle inconnu « {role} » (admin, observatory, planner).", $"دور غير معروف « {role} » (admin, observatory, planner).", $"Unknown role '{role}' (admin, observatory, planner)."));
        }

        if (regionCode is not null && Reference.Default.FindRegion(regionCode) is { } region)
        {
            regionCode = region.Code;
        }
        else if (regionCode is not null)
        {
            throw new AccountException("bad_region", new($"Région inconnue « {regionCode} ».", $"جهة غير معروفة « {regionCode} ».", $"Unknown region '{regionCode}'."));
        }

        if (role == Roles.Observatory && regionCode is null)
        {
            throw new AccountException("region_required", new("Un compte observatoire doit avoir une région.", "يجب أن يرتبط حساب المرصد بجهة.", "An observatory account needs a region."));
        }

        return role == Roles.Admin ? null : regionCode;
    }

    private static void CheckPassword(string password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength)
        {
            throw new AccountException(
                "weak_password",
                new($"Le mot de passe doit compter au moins {MinPasswordLength} caractères.", $"يجب أن تتكون كلمة المرور من {MinPasswordLength} أحرف على الأقل.", $"The password must be at least {MinPasswordLength} characters long."));
        }
    }

    private string Now() => SubmissionStore.Iso(time.GetUtcNow());

    private static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

public enum SignInOutcome
{
    Succeeded,
    Failed,
    LockedOut,
    Disabled,
}
