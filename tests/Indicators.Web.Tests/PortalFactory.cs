using System.Net;
using System.Text.RegularExpressions;
using Indicators.Accounts;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Packs;
using Indicators.Periods;
using Indicators.Statistics;
using Indicators.Storage;
using Indicators.Submissions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Indicators.Web.Tests;

/// <summary>
/// The portal in-process on its own SQLite database and folders (deleted afterwards), with helpers
/// to make accounts, sign in, post forms with their anti-forgery token, and seed submissions.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public const string Password = "correct-horse-battery";

    private int users;

    public PortalFactory()
        : this(null)
    {
    }

    /// <summary>A portal on <paramref name="database"/> (a PostgreSQL connection string), or on its own SQLite file when null.</summary>
    protected PortalFactory(string? database)
    {
        Root = Directory.CreateTempSubdirectory("indicators-web-").FullName;
        DatabaseTarget = database ?? Path.Combine(Root, "indicators.db");
        Database = Database.Open(DatabaseTarget, Path.Combine(Root, "files"));
    }

    public string Root { get; }

    /// <summary>The SQLite file or PostgreSQL connection string the portal runs on.</summary>
    public string DatabaseTarget { get; }

    public Database Database { get; }

    public string PacksDirectory => Path.Combine(Root, "packs");

    /// <summary>Whether the portal runs its job scheduler (uploads are imported by the job).</summary>
    protected virtual bool RunJobs => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Indicators:Database", DatabaseTarget);
        builder.UseSetting("Indicators:Files", Path.Combine(Root, "files"));
        builder.UseSetting("Indicators:Packs", PacksDirectory);
        builder.UseSetting("Indicators:Inbox", Path.Combine(Root, "drop"));
        builder.UseSetting("Indicators:Jobs", RunJobs ? "true" : "false");
        builder.UseSetting("Indicators:MaxUploadMegabytes", "5");
        builder.UseEnvironment("Production");
    }

    /// <summary>A new account; its e-mail is unique to this factory.</summary>
    public UserAccount AddUser(string role, string? region = null, string lang = "fr")
    {
        using var c = Database.Connect();
        var n = Interlocked.Increment(ref users);
        return new UserStore(c).Add($"{role}{n}@example.ma", $"{role} {n}", role, region, Password, lang);
    }

    /// <summary>A client signed in as the account (cookies kept, redirects not followed).</summary>
    public async Task<HttpClient> SignIn(UserAccount user)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await PostForm(client, "/account/login", new() { ["Email"] = user.Email, ["Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Gets <paramref name="formPage"/> (default: the target) for its anti-forgery token, then posts the fields with it.</summary>
    public static async Task<HttpResponseMessage> PostForm(HttpClient client, string url, Dictionary<string, string> fields, string? formPage = null)
    {
        var token = await AntiforgeryToken(client, formPage ?? url);
        fields["__RequestVerificationToken"] = token;
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    public static async Task<string> AntiforgeryToken(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var m = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        Assert.True(m.Success, $"no anti-forgery token on {page}");
        return m.Groups[1].Value;
    }

    /// <summary>Imports a generated sheet for a region and quarter (as the CLI would) and returns its result.</summary>
    public ImportResult Seed(string region, string quarter, int rows = 200, int seed = 1, double errorRate = 0)
    {
        var path = Path.Combine(Root, $"seed-{region}-{quarter}-{seed}-{errorRate}.xlsx");
        using (var stream = File.Create(path))
        {
            new SampleSheet(FormDefinition.Default).Write(stream, Reference.Default.GetRegion(region), Quarter.Parse(quarter), new SampleSheet.Options(rows, seed, errorRate));
        }

        return new ImportSubmission(Database, FormDefinition.Default, Reference.Default, Messages.Default, TimeProvider.System)
            .Run(new ImportRequest(path, Path.GetFileName(path), region, quarter));
    }

    /// <summary>Computes the indicators of every quarter with submissions.</summary>
    public void Compute() => ComputeIndicators.Run(Database);

    /// <summary>Builds a region's pack (or the national one) into the portal's packs folder.</summary>
    public PackResult BuildPack(string? region, string quarter, Lang lang) =>
        new PackBuilder(Database).Build(new PackRequest(region, Quarter.Parse(quarter), lang, PacksDirectory));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Npgsql.NpgsqlConnection.ClearAllPools();
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}

/// <summary>The portal on a throwaway PostgreSQL database (the server the integration tests start, or INDICATORS_TEST_PG).</summary>
public sealed class PostgresPortal() : PortalFactory(Indicators.Tests.PostgresServer.CreateDatabase());
