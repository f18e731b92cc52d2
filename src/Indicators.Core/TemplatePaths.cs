namespace Indicators;

/// <summary>Finds the templates/ folder: INDICATORS_TEMPLATES, beside the binaries, or up from them.</summary>
public static class TemplatePaths
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Templates => Root.Value;

    public static string Forms => Path.Combine(Templates, "forms");

    public static string Reference => Path.Combine(Templates, "reference");

    public static string Indicators => Path.Combine(Templates, "indicators");

    private static string Find()
    {
        var fromEnv = Environment.GetEnvironmentVariable("INDICATORS_TEMPLATES");
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return Path.GetFullPath(fromEnv);
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "templates");
                if (Directory.Exists(Path.Combine(candidate, "forms")))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException(
            "templates/ not found beside the program or above it; set INDICATORS_TEMPLATES.");
    }
}
