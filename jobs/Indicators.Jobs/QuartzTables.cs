using Indicators.Storage;

namespace Indicators.Jobs;

/// <summary>
/// The scheduler's tables, created by the product's migrations (version 1000 in schema_migrations,
/// under the migration lock) from the script Quartz itself carries for the dialect, never by each
/// node at start-up.
/// </summary>
public static class QuartzTables
{
    public const int Version = 1000;

    public static void Migrate(Database database)
    {
        var dialect = database.Dialect == Dialect.Postgres ? "postgres" : "sqlite";
        using var stream = typeof(Quartz.IJob).Assembly.GetManifestResourceStream($"Quartz.Impl.AdoJobStore.Schema.create_{dialect}.sql")
            ?? throw new InvalidOperationException($"Quartz carries no {dialect} schema.");
        using var reader = new StreamReader(stream);
        var script = reader.ReadToEnd()
            .Replace("{0}", JobsSetup.TablePrefix, StringComparison.Ordinal)
            .Replace("{1}", JobsSetup.TablePrefix, StringComparison.Ordinal);
        // Statements are separated by lines reading exactly "--;;".
        var statements = System.Text.RegularExpressions.Regex.Split(script.Replace("\r\n", "\n", StringComparison.Ordinal), "^--;;[ \t]*$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(s => s.Trim())
            .Where(s => s.Split('\n').Any(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith("--", StringComparison.Ordinal)))
            .ToList();
        Migrator.Apply(database, Version, $"{Version}_quartz_tables", statements);
    }
}
