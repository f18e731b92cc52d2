using Indicators.Accounts;
using Indicators.Geography;
using Indicators.Statistics;

namespace Indicators.Web.Pages.Dashboard;

/// <summary>
/// Which figures an account may see, for the dashboard, the packs and the indicators API: the
/// regions it <see cref="UserAccount.CanSee"/>, and the national total (<c>_T</c>, the three regions
/// together) only when it sees every region, because it would reveal the others.
/// </summary>
public static class RegionAccess
{
    public static IReadOnlyList<Region> VisibleRegions(UserAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Reference.Default.Regions.Where(r => account.CanSee(r.Code)).ToList();
    }

    public static bool SeesEveryRegion(UserAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Reference.Default.Regions.All(r => account.CanSee(r.Code));
    }

    /// <summary>A region by its exact HCP code (<c>09</c>), or null.</summary>
    public static Region? Find(string? code) => Reference.Default.Regions.FirstOrDefault(r => r.Code == code);

    /// <summary>Whether the account may see the figures stored under a region key (an HCP code or <c>_T</c>).</summary>
    public static bool CanSeeKey(UserAccount account, string key)
    {
        ArgumentNullException.ThrowIfNull(account);
        return key == Dim.Total ? SeesEveryRegion(account) : account.CanSee(key);
    }
}
