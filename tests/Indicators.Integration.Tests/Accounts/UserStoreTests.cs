using Indicators.Accounts;

namespace Indicators.Tests.Accounts;

/// <summary>Accounts on both databases: hashing, lockout and its expiry, tokens, who may see and send what.</summary>
public abstract class UserStoreTests(Backend backend) : IDisposable
{
    private readonly TestWorkspace work = new(backend);
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Five_wrong_passwords_lock_the_account_for_fifteen_minutes_then_the_right_one_works()
    {
        using var c = work.Db.Connect();
        var store = new UserStore(c, clock);
        var user = store.Add("clerk@souss.ma", "Clerk", Roles.Observatory, "souss-massa", "right-password-1");
        Assert.Equal("09", user.RegionCode);

        for (var i = 0; i < UserStore.MaxFailedLogins; i++)
        {
            // A wrong password never tells whether the account exists or is locked.
            Assert.Equal(SignInOutcome.Failed, store.SignIn("clerk@souss.ma", "wrong").Outcome);
        }

        Assert.Equal(SignInOutcome.Failed, store.SignIn("nobody@souss.ma", "wrong").Outcome);
        Assert.Equal(SignInOutcome.LockedOut, store.SignIn("CLERK@souss.ma", "right-password-1").Outcome);

        clock.Advance(UserStore.LockoutDuration + TimeSpan.FromSeconds(1));
        var (outcome, signedIn) = store.SignIn("clerk@souss.ma", "right-password-1");
        Assert.Equal(SignInOutcome.Succeeded, outcome);
        Assert.Equal(0, signedIn!.FailedLogins);
        Assert.NotNull(signedIn.LastLoginAt);
    }

    [Fact]
    public async Task Guesses_sent_in_parallel_are_all_counted_and_lock_the_account()
    {
        using (var c = work.Db.Connect())
        {
            new UserStore(c, clock).Add("target@oriental.ma", "Target", Roles.Planner, null, "right-password-1");
        }

        // Each guess on its own connection, all at once: none of them may be lost to a race.
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
        {
            using var c = work.Db.Connect();
            new UserStore(c, clock).SignIn("target@oriental.ma", "guess-" + i);
        })));

        using var check = work.Db.Connect();
        Assert.Equal(SignInOutcome.LockedOut, new UserStore(check, clock).SignIn("target@oriental.ma", "right-password-1").Outcome);
    }

    [Fact]
    public void The_last_enabled_admin_can_be_neither_demoted_nor_disabled_and_a_new_password_ends_sessions()
    {
        using var c = work.Db.Connect();
        var store = new UserStore(c, clock);
        var root = store.Add("root@ma.ma", "Root", Roles.Admin, null, "right-password-1");
        Assert.Equal("last_admin", Assert.Throws<AccountException>(() => store.SetDisabled(root.Id, true)).Code);
        Assert.Equal("last_admin", Assert.Throws<AccountException>(() => store.ChangeRole(root.Id, Roles.Planner, null)).Code);

        var second = store.Add("second@ma.ma", "Second", Roles.Admin, null, "right-password-1");
        store.SetDisabled(root.Id, true);
        Assert.Equal("last_admin", Assert.Throws<AccountException>(() => store.ChangeRole(second.Id, Roles.Observatory, "02")).Code);
        Assert.Equal(Roles.Admin, store.Get(second.Id)!.Role);

        var stamp = store.Get(second.Id)!.SecurityStamp;
        store.SetPassword(second.Id, "another-password-2");
        Assert.NotEqual(stamp, store.Get(second.Id)!.SecurityStamp);
        stamp = store.Get(second.Id)!.SecurityStamp;
        store.EndSessions(second.Id);
        Assert.NotEqual(stamp, store.Get(second.Id)!.SecurityStamp);
    }

    [Fact]
    public void Tokens_are_stored_hashed_and_stop_working_when_revoked()
    {
        using var c = work.Db.Connect();
        var store = new UserStore(c, clock);
        var planner = store.Add("plan@oriental.ma", "Plan", Roles.Planner, "02", "right-password-1");
        var (token, secret) = store.CreateToken(planner.Id, "export");
        Assert.Equal(secret[..10], token.Prefix);
        Assert.Equal(0, Dapper.SqlMapper.ExecuteScalar<int>(c, "SELECT COUNT(*) FROM api_tokens WHERE token_hash = @secret", new { secret }));
        Assert.Equal(planner.Id, store.FindByToken(secret)!.Id);
        Assert.Null(store.FindByToken(secret + "x"));

        var other = store.Add("other@oriental.ma", "Other", Roles.Planner, null, "right-password-1");
        store.RevokeToken(other.Id, token.Id); // not theirs: nothing happens
        Assert.NotNull(store.FindByToken(secret));
        store.RevokeToken(planner.Id, token.Id);
        Assert.Null(store.FindByToken(secret));
    }

    [Fact]
    public void Regions_bound_to_an_account_decide_what_it_sees_and_sends()
    {
        using var c = work.Db.Connect();
        var store = new UserStore(c, clock);
        var obs = store.Add("obs@bmk.ma", "Obs", Roles.Observatory, "05", "right-password-1");
        var onePlanner = store.Add("p1@bmk.ma", "P1", Roles.Planner, "05", "right-password-1");
        var allPlanner = store.Add("p2@ma.ma", "P2", Roles.Planner, null, "right-password-1");
        var admin = store.Add("root@ma.ma", "Root", Roles.Admin, "09", "right-password-1");

        Assert.Equal((true, false, true, false), (obs.CanSee("05"), obs.CanSee("09"), obs.CanUpload("05"), obs.CanUpload("09")));
        Assert.Equal((true, false, false), (onePlanner.CanSee("05"), onePlanner.CanSee("02"), onePlanner.CanUpload("05")));
        Assert.Equal((true, false), (allPlanner.CanSee("02"), allPlanner.CanUpload("02")));
        Assert.Null(admin.RegionCode);
        Assert.True(admin.CanSee("02") && admin.CanUpload("09"));
    }

    public void Dispose() => work.Dispose();
}

public sealed class UserStoreSqliteTests() : UserStoreTests(Backend.Sqlite);

public sealed class UserStorePostgresTests() : UserStoreTests(Backend.Postgres);
