using Indicators.Storage;

namespace Indicators.Jobs;

/// <summary>What a job node works on.</summary>
public sealed record JobsOptions
{
    public required Database Database { get; init; }

    /// <summary>The drop-folder root (holding inbox/, processed/, rejected/), or null for none.</summary>
    public string? InboxRoot { get; init; }

    /// <summary>Where packs are written.</summary>
    public required string PacksDirectory { get; init; }

    public required Schedule Schedule { get; init; }

    /// <summary>This node's name in the job history.</summary>
    public string Node { get; init; } = Environment.MachineName + ":" + Environment.ProcessId;

    /// <summary>Worker threads for jobs.</summary>
    public int Threads { get; init; } = 4;

    /// <summary>
    /// Run jobs on this node (default). When false the scheduler only stores triggers (a portal
    /// node beside <c>indicators worker</c> nodes on PostgreSQL): the workers run them.
    /// </summary>
    public bool RunJobs { get; init; } = true;
}
