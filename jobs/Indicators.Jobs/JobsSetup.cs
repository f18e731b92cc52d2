using Indicators.Inbox;
using Indicators.Storage;
using Indicators.Submissions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Indicators.Jobs;

/// <summary>Registers the scheduler, its persistent store in the product's database, the jobs and their schedule.</summary>
public static class JobsSetup
{
    public const string TablePrefix = "qrtz_";

    public static IServiceCollection AddIndicatorsJobs(this IServiceCollection services, JobsOptions options)
    {
        QuartzTables.Migrate(options.Database);
        services.AddSingleton(options);
        services.AddSingleton(_ => new DropFolder(options.Database, options.InboxRoot ?? Path.Combine("data", "drop")) { Settle = TimeSpan.FromSeconds(1) });
        services.Configure<QuartzOptions>(o =>
        {
            // Every node declares the same jobs: the first one's stand, the others' are ignored.
            o.Scheduling.IgnoreDuplicates = true;
            o.Scheduling.OverwriteExistingData = false;
        });
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "indicators";
                s.GenerateInstanceId = true;
            });
            q.UseDefaultThreadPool(options.Threads);
            q.UseDefaultRetryPolicy(RetryPolicy.Exponential(5, TimeSpan.FromSeconds(15), 2, TimeSpan.FromMinutes(10)));
            q.UsePersistentStore(store =>
            {
                if (options.Database.Dialect == Dialect.Postgres)
                {
                    store.UsePostgres(options.Database.ConnectionString);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(5);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(15);
                    });
                }
                else
                {
                    store.UseSqlite(options.Database.ConnectionString); // one node only
                }

                store.UseSystemTextJsonSerializer(_ => { });
                store.ConfigureStore(s =>
                {
                    s.TablePrefix = TablePrefix;
                    s.StoreJobDataAsStrings = true;
                    s.SchemaProvisioning = SchemaProvisioning.None; // created by QuartzTables, once
                    s.MisfireThreshold = TimeSpan.FromSeconds(30);
                });
            });

            AddJob<ImportSubmissionJob>(q, JobNames.ImportSubmission, recover: true);
            AddJob<ScanDropFoldersJob>(q, JobNames.ScanDropFolders, recover: true);
            AddJob<ComputeIndicatorsJob>(q, JobNames.ComputeIndicators, recover: true);
            AddJob<BuildPacksJob>(q, JobNames.BuildPacks, recover: true);
            AddJob<SubmissionRemindersJob>(q, JobNames.SubmissionReminders, recover: false);
            foreach (var (job, cron) in options.Schedule.Crons)
            {
                q.AddTrigger(t => t
                    .ForJob(job)
                    .WithIdentity(job + ".schedule")
                    .WithCronSchedule(cron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            }
        });
        if (options.RunJobs)
        {
            services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
            services.AddHostedService<NodeStartup>();
        }

        return services;
    }

    private static void AddJob<T>(IQuartzBuilder q, string name, bool recover)
        where T : IJob => q.AddJob<T>(j => j.WithIdentity(name).StoreDurably().RequestRecovery(recover));
}

/// <summary>
/// At start-up: queues the submissions a crash left pending, and watches the drop folders so a
/// new file is scanned at once (the per-minute schedule is the safety net).
/// </summary>
internal sealed class NodeStartup(JobsOptions options, ISchedulerFactory factory, ILogger<NodeStartup> logger) : BackgroundService
{
    private FileSystemWatcher? watcher;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Triggers fired before the scheduler starts are stored and run once it has.
        var scheduler = await factory.GetScheduler(stoppingToken).ConfigureAwait(false);
        await ApplySchedule(scheduler, stoppingToken).ConfigureAwait(false);

        foreach (var id in ImportSubmission.Pending(options.Database))
        {
            logger.LogInformation("Submission {Id} was left pending: importing it again", id);
            JobTriggers.FireForSubmission(scheduler, id);
        }

        JobTriggers.ComputeStale(scheduler, options.Database, logger);

        if (options.InboxRoot is { } root)
        {
            DropFolder.EnsureLayout(root);

            // A file left in the inbox (by a crash, or dropped while no node ran) is looked at now,
            // not at the next minute.
            JobTriggers.Fire(scheduler, JobNames.ScanDropFolders);
            var inbox = Path.Combine(root, "inbox");
            var debounce = new Timer(
                _ =>
                {
                    try
                    {
                        JobTriggers.Fire(scheduler, JobNames.ScanDropFolders);
                    }
                    catch (Exception e) when (e is SchedulerException or System.Data.Common.DbException or InvalidOperationException)
                    {
                        logger.LogWarning(e, "Could not start a drop-folder scan; the per-minute scan will catch up");
                    }
                },
                null,
                Timeout.Infinite,
                Timeout.Infinite);
            watcher = new FileSystemWatcher(inbox) { IncludeSubdirectories = true, EnableRaisingEvents = true };
            void Changed(object? sender, FileSystemEventArgs e) => debounce.Change(TimeSpan.FromMilliseconds(500), Timeout.InfiniteTimeSpan);
            watcher.Created += Changed;
            watcher.Changed += Changed;
            watcher.Renamed += (s, e) => Changed(s, e);
            stoppingToken.Register(() =>
            {
                watcher.Dispose();
                debounce.Dispose();
            });
        }
    }

    public override void Dispose()
    {
        watcher?.Dispose();
        base.Dispose();
    }

    /// <summary>
    /// The stored cron triggers follow schedule.json: the first node's declaration stands in the
    /// database (duplicates are ignored), so a changed cron is rescheduled and a removed job
    /// unscheduled here.
    /// </summary>
    private async Task ApplySchedule(IScheduler scheduler, CancellationToken ct)
    {
        foreach (var job in JobNames.Scheduled)
        {
            var key = new TriggerKey(job + ".schedule");
            var stored = await scheduler.GetTrigger(key, ct).ConfigureAwait(false) as ICronTrigger;
            if (!options.Schedule.Crons.TryGetValue(job, out var cron))
            {
                if (stored is not null)
                {
                    await scheduler.UnscheduleJob(key, ct).ConfigureAwait(false);
                    logger.LogInformation("{Job} is no longer in {File}: unscheduled", job, options.Schedule.Source);
                }

                continue;
            }

            if (stored is not null && stored.CronExpressionString != cron)
            {
                var trigger = TriggerBuilder.Create().WithIdentity(key).ForJob(job)
                    .WithCronSchedule(cron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)).Build();
                await scheduler.RescheduleJob(key, trigger, ct).ConfigureAwait(false);
                logger.LogInformation("{Job} rescheduled to '{Cron}' from {File}", job, cron, options.Schedule.Source);
            }
        }
    }
}
