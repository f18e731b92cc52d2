using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Periods;
using Indicators.Sheets;
using Indicators.Sheets.Xlsx;
using Indicators.Submissions;

namespace Indicators.Web.Tests;

/// <summary>Sheets to upload and the helpers the submissions tests share: posting to the upload handler, waiting for an import.</summary>
internal static class SubmissionsTestFiles
{
    public static readonly TimeSpan ImportTimeout = TimeSpan.FromSeconds(60);

    /// <summary>A generated survey sheet (with its metadata sheet: region and quarter).</summary>
    public static byte[] Sample(string region, string quarter, int rows = 120, int seed = 1, double errorRate = 0)
    {
        using var stream = new MemoryStream();
        new SampleSheet(FormDefinition.Default).Write(stream, Reference.Default.GetRegion(region), Quarter.Parse(quarter), new SampleSheet.Options(rows, seed, errorRate));
        return stream.ToArray();
    }

    /// <summary>
    /// A generated sheet whose nationality cells in the first data rows are replaced by
    /// <paramref name="values"/> (text that looks like formulas, say): those rows are in error.
    /// </summary>
    public static byte[] SampleWith(string region, string quarter, params string[] values)
    {
        var field = FormDefinition.Default.Fields.ToList().FindIndex(f => f.Name == "nationality");
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, Sample(region, quarter, rows: 40));
            using var source = WorkbookFile.Open(path, "sample.xlsx");
            using var output = new MemoryStream();
            using (var book = new XlsxWriter(output))
            {
                using (var sheet = book.AddSheet(source.Sheets[0].Name))
                using (var reader = source.OpenSheet(0))
                {
                    var row = new SheetRow();
                    while (reader.Read(row))
                    {
                        sheet.Row(row.Number);
                        for (var c = 0; c < row.Width; c++)
                        {
                            var cell = row[c];
                            if (c == field && row.Number >= 2 && row.Number - 2 < values.Length)
                            {
                                sheet.Text(c, values[row.Number - 2]);
                            }
                            else if (cell.Kind == CellKind.Date)
                            {
                                sheet.Date(c, DateOnly.FromDayNumber((int)cell.Number));
                            }
                            else if (cell.Kind == CellKind.Number)
                            {
                                sheet.Number(c, cell.Number, cell.DateStyled ? XlsxStyle.Date : XlsxStyle.Default);
                            }
                            else if (cell.Kind == CellKind.Text)
                            {
                                sheet.Text(c, cell.Text);
                            }
                        }
                    }
                }

                using var meta = book.AddSheet(TemplateMetadata.SheetName, new SheetOptions { Hidden = true });
                meta.NextRow().Text(0, "region").Text(1, region);
                meta.NextRow().Text(0, "quarter").Text(1, quarter);
            }

            return output.ToArray();
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Posts a file to the list page's upload handler, as the page's script does (JSON answer) or as a plain form.</summary>
    public static async Task<HttpResponseMessage> Upload(HttpClient client, byte[] bytes, string name, Dictionary<string, string>? fields = null, bool script = true, string formPage = "/submissions")
    {
        var token = await PortalFactory.AntiforgeryToken(client, formPage);
        var content = new MultipartFormDataContent();
        foreach (var (k, v) in fields ?? [])
        {
            content.Add(new StringContent(v), k);
        }

        content.Add(new ByteArrayContent(bytes), "file", name);
        var request = new HttpRequestMessage(HttpMethod.Post, "/submissions?handler=Upload") { Content = content };
        if (script)
        {
            request.Headers.Add("X-CSRF-TOKEN", token);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }
        else
        {
            content.Add(new StringContent(token), "__RequestVerificationToken");
        }

        return await client.SendAsync(request);
    }

    /// <summary>Uploads through the page's script path and returns the new submission's id (202 while pending, 200 when answered at once).</summary>
    public static async Task<long> UploadOk(HttpClient client, byte[] bytes, string name, Dictionary<string, string>? fields = null, string expected = "pending")
    {
        var response = await Upload(client, bytes, name, fields);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == (expected == "pending" ? HttpStatusCode.Accepted : HttpStatusCode.OK), $"{response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        Assert.Equal(expected, json.RootElement.GetProperty("status").GetString());
        var id = json.RootElement.GetProperty("id").GetInt64();
        Assert.Equal($"/submissions/{id}", json.RootElement.GetProperty("url").GetString());
        return id;
    }

    /// <summary>Polls the list's status handler, as the page does, until the submission is no longer pending; returns its status entry.</summary>
    public static async Task<JsonElement> WaitForImport(HttpClient client, long id)
    {
        var deadline = DateTime.UtcNow + ImportTimeout;
        while (true)
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync($"/submissions?handler=Status&ids={id}"));
            var entry = json.RootElement.EnumerateArray().Single(e => e.GetProperty("id").GetInt64() == id).Clone();
            if (entry.GetProperty("status").GetString() != "pending")
            {
                return entry;
            }

            Assert.True(DateTime.UtcNow < deadline, $"submission {id} still pending after {ImportTimeout}");
            await Task.Delay(200);
        }
    }

    /// <summary>The XML of every worksheet of an xlsx file.</summary>
    public static IReadOnlyList<string> WorksheetXml(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        return zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal))
            .Select(e =>
            {
                using var reader = new StreamReader(e.Open());
                return reader.ReadToEnd();
            })
            .ToList();
    }

    /// <summary>Whether the bytes are a workbook: a zip with xl/workbook.xml.</summary>
    public static bool IsWorkbook(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            return zip.GetEntry("xl/workbook.xml") is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
