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

        for (var i = 1; i < UserStore.MaxFailedLogins; i++)
        {
            Assert.Equal(SignInOutcome.Failed, store.SignIn("clerk@souss.ma", "wrong").Outcome);
        }

        Assert.Equal(SignInOutcome.LockedOut, store.SignIn("clerk@souss.ma", "wrong").Outcome);
        Assert.Equal(SignInOutcome.LockedOut, store.SignIn("CLERK@souss.ma", "right-password-1").Outcome);

        clock.Advance(UserStore.LockoutDuration + TimeSpan.FromSeconds(1));
        var (outcome, signedIn) = store.SignIn("clerk@souss.ma", "right-password-1");
        Assert.Equal(SignInOutcome.Succeeded, outcome);
        Assert.Equal(0, signedIn!.FailedLogins);
        Assert.NotNull(signedIn.LastLoginAt);
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
