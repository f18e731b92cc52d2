namespace Indicators.Web.Portal;

/// <summary>
/// Where the portal keeps its data and what it accepts. Read from configuration (section
/// <c>Indicators</c>, or environment variables such as <c>INDICATORS_DB</c>).
/// </summary>
public sealed record PortalOptions
{
    /// <summary>SQLite path or PostgreSQL connection string (default: data/indicators.db).</summary>
    public string? Database { get; init; }

    /// <summary>With PostgreSQL: the shared folder of original uploads.</summary>
    public string? Files { get; init; }

    public string Packs { get; init; } = Path.Combine("data", "packs");

    public string Inbox { get; init; } = Path.Combine("data", "drop");

    /// <summary>Run the job scheduler in this process (default), or leave the jobs to <c>indicators worker</c> nodes.</summary>
    public bool Jobs { get; init; } = true;

    /// <summary>The largest upload accepted, in megabytes.</summary>
    public int MaxUploadMegabytes { get; init; } = 50;

    public long MaxUploadBytes => MaxUploadMegabytes * 1024L * 1024L;
}
