namespace Indicators.Tests.Nodes;

/// <summary>
/// Tests that run real worker processes go on their own, after the others: timing-sensitive jobs
/// (a file settling, a cluster check-in) should not share two cores with the rest of the suite.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NodesCollection
{
    public const string Name = "nodes";
}
