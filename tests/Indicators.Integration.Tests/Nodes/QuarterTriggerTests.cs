using System.Collections.Concurrent;
using Indicators.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Indicators.Tests.Nodes;

/// <summary>
/// Requests for a quarter's computation (one per accepted import) are merged while a run waits,
/// and a request made while the quarter's run executes is kept for one more run, never lost.
/// </summary>
[Collection(NodesCollection.Name)]
public sealed class QuarterTriggerTests
{
    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Requests_for_a_quarter_are_one_run_while_it_waits_and_one_more_while_it_runs(Backend backend)
    {
        using var work = new TestWorkspace(backend);
        var probe = new ProbeJob.State();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(probe);
        services.AddIndicatorsJobs(new JobsOptions
        {
            Database = work.Db,
            PacksDirectory = work.PathOf("packs"),
            Schedule = new Schedule(new Dictionary<string, string>(), "none"),
            RunJobs = false,
        });
        services.AddQuartz(q => q.AddJob<ProbeJob>(j => j.WithIdentity(ProbeJob.Name).StoreDurably()));
        await using var provider = services.BuildServiceProvider();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
        try
        {
            // Not started yet: fifty requests for one quarter and five for another wait as two runs.
            for (var i = 0; i < 50; i++)
            {
                JobTriggers.FireForQuarter(scheduler, ProbeJob.Name, "2025Q1");
            }

            for (var i = 0; i < 5; i++)
            {
                JobTriggers.FireForQuarter(scheduler, ProbeJob.Name, "2025Q2");
            }

            Assert.Equal(2, (await scheduler.GetTriggersOfJob(new JobKey(ProbeJob.Name))).Count);

            // Started: the first run holds (the job allows one run at a time). Requests for both
            // quarters now: the running quarter's wait for one more run, the waiting one's are merged.
            await scheduler.Start();
            var first = probe.Started.Take(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            for (var i = 0; i < 10; i++)
            {
                JobTriggers.FireForQuarter(scheduler, ProbeJob.Name, "2025Q1");
                JobTriggers.FireForQuarter(scheduler, ProbeJob.Name, "2025Q2");
            }

            Assert.Equal(3, (await scheduler.GetTriggersOfJob(new JobKey(ProbeJob.Name))).Count);
            probe.Gate.Set();

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (probe.Finished.Count < 3 || (await scheduler.GetTriggersOfJob(new JobKey(ProbeJob.Name))).Count > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, $"runs finished: {string.Join(", ", probe.Finished)}");
                await Task.Delay(50);
            }

            await Task.Delay(500);
            var runs = probe.Finished.ToList();
            Assert.Equal(3, runs.Count);
            Assert.Equal(2, runs.Count(q => q == first));
            Assert.Single(runs, q => q != first);
            Assert.Equal(first, runs[0]);
        }
        finally
        {
            await scheduler.Shutdown(waitForJobsToComplete: true);
        }
    }

    [DisallowConcurrentExecution]
    private sealed class ProbeJob(ProbeJob.State state) : IJob
    {
        public const string Name = "Probe";

        public ValueTask Execute(IJobExecutionContext context, CancellationToken ct = default)
        {
            var quarter = context.MergedJobDataMap.GetString("quarter")!;
            state.Started.Add(quarter, ct);
            state.Gate.Wait(TimeSpan.FromSeconds(60), ct);
            state.Finished.Enqueue(quarter);
            return ValueTask.CompletedTask;
        }

        public sealed class State
        {
            public BlockingCollection<string> Started { get; } = [];

            public ManualResetEventSlim Gate { get; } = new();

            public ConcurrentQueue<string> Finished { get; } = new();
        }
    }
}
