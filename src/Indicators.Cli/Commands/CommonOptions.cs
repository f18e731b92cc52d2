using System.CommandLine;
using Indicators.Geography;
using Indicators.Periods;

namespace Indicators.Cli.Commands;

internal static class CommonOptions
{
    public static Option<string?> Db() => new("--db")
    {
        Description = "A SQLite file, or a PostgreSQL connection string (Host=…;Username=…;Database=… or postgres://…) (default: data/indicators.db, or INDICATORS_DB).",
    };

    public static Option<string> Lang() => new("--lang")
    {
        Description = "Language of messages: fr, ar or en.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("INDICATORS_LANG") is { Length: > 0 } l ? l : "fr",
    };

    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object instead of tables." };

    public static Option<string?> Region(bool required = false) => new("--region")
    {
        Description = "Region: HCP code (02, 05, 09), MA-09, slug (souss-massa) or name.",
        Required = required,
    };

    public static Option<string?> Quarter(bool required = false) => new("--quarter")
    {
        Description = "Quarter, such as 2025Q3.",
        Required = required,
    };

    public static Lang ParseLang(string value) => LocalizedText.ParseLang(value);

    public static Region RegionOrThrow(string? text, Lang lang) =>
        Reference.Default.FindRegion(text) ?? throw new UsageException(CliText.Get("badRegion", lang, text ?? string.Empty));

    public static Quarter QuarterOrThrow(string? text, Lang lang) =>
        Periods.Quarter.TryParse(text, out var q) ? q.Value : throw new UsageException(CliText.Get("badQuarter", lang, text ?? string.Empty));
}

/// <summary>A mistake in how the command was called; exit code 1 with the message.</summary>
internal sealed class UsageException(string message) : Exception(message);
