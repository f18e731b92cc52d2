using System.Net;
using System.Text.Json;
using Indicators.Accounts;
using static Indicators.Web.Tests.SubmissionsTestFiles;

namespace Indicators.Web.Tests;

/// <summary>A portal whose job scheduler does not run (the imports are left to worker nodes): uploads stay pending.</summary>
public sealed class PortalWithoutJobs : PortalFactory
{
    protected override bool RunJobs => false;
}

/// <summary>While an import is pending, the list and the details page poll for its status.</summary>
public sealed class SubmissionsPendingTests(PortalWithoutJobs portal) : IClassFixture<PortalWithoutJobs>
{
    [Fact]
    public async Task A_pending_upload_is_polled_on_the_list_and_on_its_page()
    {
        var client = await portal.SignIn(portal.AddUser(Roles.Observatory, "09"));
        var id = await UploadOk(client, Sample("09", "2024Q1", rows: 10), "pending.xlsx");

        var list = await client.GetStringAsync($"/submissions?uploaded={id}");
        Assert.Contains($"<tr data-id=\"{id}\" data-status=\"pending\">", list, StringComparison.Ordinal);
        Assert.Contains("data-status-url=\"/submissions?handler=Status\"", list, StringComparison.Ordinal);
        Assert.Contains("src=\"/js/submissions.js", list, StringComparison.Ordinal);
        Assert.Contains("en attente", list, StringComparison.Ordinal);

        var details = await client.GetStringAsync($"/submissions/{id}");
        Assert.Contains($"data-poll=\"/submissions/{id}/status\"", details, StringComparison.Ordinal);
        Assert.DoesNotContain("/annotated", details, StringComparison.Ordinal);
        using (var status = JsonDocument.Parse(await client.GetStringAsync($"/submissions/{id}/status")))
        {
            Assert.Equal("pending", status.RootElement.GetProperty("status").GetString());
        }

        // The original is kept from the start.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/submissions/{id}/original")).StatusCode);
    }
}
