using Indicators.Geography;
using Indicators.Packs;
using Indicators.Statistics;
using Indicators.Storage;

namespace Indicators.Web.Pages.Packs;

/// <summary>
/// A pack in the packs folder: one region (or the national comparison, region null), quarter and
/// language, named as <see cref="PackBuilder"/> names it. <see cref="Ensure"/> builds it when it is
/// missing or older than the figures it shows (the quarter and those before it in its trend).
/// </summary>
public sealed record PackFile(Region? Region, string Quarter, Lang Lang, string Directory)
{
    public string RegionKey => Region?.Code ?? Dim.Total;

    public string LangCode => Lang switch { Lang.Ar => "ar", Lang.En => "en", _ => "fr" };

    public string FileName => $"{Region?.Slug ?? "national"}-{Quarter}-{LangCode}.zip";

    public string FullPath => Path.Combine(Directory, FileName);

    public bool Exists => File.Exists(FullPath);

    /// <summary>Whether the figures the pack reads have changed since it was written.</summary>
    public bool IsStale(IndicatorStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var written = File.GetLastWriteTimeUtc(FullPath);
        var read = store.Quarters(RegionKey).Where(q => string.CompareOrdinal(q, Quarter) <= 0).TakeLast(PackCharts.TrendQuarters);
        return read.Select(store.CurrentRun).Any(run => run is not null
            && DateTime.TryParse(run.ComputedAt, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal, out var computed)
            && computed > written);
    }

    /// <summary>The pack's path, built first when missing or stale. Throws <see cref="PackException"/> when there are no figures.</summary>
    public string Ensure(Database database)
    {
        ArgumentNullException.ThrowIfNull(database);
        using (var connection = database.Connect())
        {
            if (Exists && !IsStale(new IndicatorStore(connection)))
            {
                return FullPath;
            }
        }

        return new PackBuilder(database).Build(new PackRequest(Region?.Code, Periods.Quarter.Parse(Quarter), Lang, Directory)).ZipPath;
    }
}
